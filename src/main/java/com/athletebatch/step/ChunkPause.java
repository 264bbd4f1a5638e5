package com.athletebatch.step;

import java.util.Optional;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * A pause after each chunk is written, before its commit, in milliseconds from the system property
 * {@value #PROPERTY}: only for fault trials (the tests SIGKILL or SIGTERM a worker inside a
 * partition, which the demo data would otherwise finish in a blink). Unset, no listener is added.
 */
final class ChunkPause implements ChunkListener<Object, Object> {

  static final String PROPERTY = "athlete-batch.trial.chunk-pause-ms";

  private final long millis;

  private ChunkPause(long millis) {
    this.millis = millis;
  }

  static Optional<ChunkPause> configured() {
    long millis = Long.getLong(PROPERTY, 0L);
    return millis > 0 ? Optional.of(new ChunkPause(millis)) : Optional.empty();
  }

  @Override
  public void afterChunk(Chunk<Object> chunk) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
