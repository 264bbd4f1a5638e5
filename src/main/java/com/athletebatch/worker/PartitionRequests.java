package com.athletebatch.worker;

import com.athletebatch.step.PartitionHeartbeat;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;

/**
 * What a worker does with a partition request (a first delivery, or the broker's redelivery after a
 * worker died or lost its connection): a partition that already ended is dropped (the message is
 * acknowledged, with a log line); otherwise the worker claims it ({@link PartitionHeartbeat}) and
 * runs it through Spring Batch Integration's {@link StepExecutionRequestHandler}, which reloads the
 * step execution and its committed context, so a taken-over partition resumes from its last
 * committed chunk. While another live worker holds the claim, this one waits, until the holder's
 * heartbeat is stale (then it takes over) or the partition ends (then it drops the message).
 */
public class PartitionRequests {

  private static final Logger log = LoggerFactory.getLogger(PartitionRequests.class);

  private final JobRepository jobRepository;
  private final StepExecutionRequestHandler handler;
  private final PartitionHeartbeat heartbeat;
  private final Duration staleAfter;
  private final WorkerShutdown shutdown;

  public PartitionRequests(
      JobRepository jobRepository,
      StepExecutionRequestHandler handler,
      PartitionHeartbeat heartbeat,
      Duration staleAfter,
      WorkerShutdown shutdown) {
    this.jobRepository = jobRepository;
    this.handler = handler;
    this.heartbeat = heartbeat;
    this.staleAfter = staleAfter;
    this.shutdown = shutdown;
  }

  /** The beat interval: several beats fit in the stale limit, at most one each 5 s. */
  Duration beatEvery() {
    return Duration.ofMillis(Math.min(5_000, Math.max(100, staleAfter.toMillis() / 6)));
  }

  /**
   * @return the partition's step execution as it ended here, or null when the message was dropped
   * @throws IllegalStateException when the worker is shutting down before it took the partition:
   *     the message goes back to the queue
   */
  public StepExecution handle(StepExecutionRequest request) throws InterruptedException {
    long id = request.getStepExecutionId();
    String waitedFor = null;
    PartitionHeartbeat.Claim claim;
    while (true) {
      StepExecution partition = jobRepository.getStepExecution(id);
      if (partition == null) {
        log.warn("No step execution {} for request {}: message dropped", id, request.getStepName());
        return null;
      }
      String name = partition.getStepName();
      if (!partition.getStatus().isRunning()) {
        log.info(
            "Partition {} (step execution {}) already ended {}: message dropped",
            name,
            id,
            partition.getStatus());
        return null;
      }
      if (shutdown.stopping()) {
        // Back to the queue, after a pause: the broker would hand it straight back to this
        // worker's consumers until they stop.
        Thread.sleep(1_000);
        throw new IllegalStateException(
            "worker shutting down: partition " + name + " goes back to the queue");
      }
      Optional<PartitionHeartbeat.Holder> before = heartbeat.holder(id);
      Optional<PartitionHeartbeat.Claim> won =
          heartbeat.claim(id, partition.getJobExecutionId(), staleAfter);
      if (won.isPresent()) {
        claim = won.get();
        before.ifPresent(
            h ->
                log.warn(
                    "Taking over partition {} (step execution {}) from worker {}, {}; it resumes"
                        + " from its last committed chunk",
                    name,
                    id,
                    h.worker(),
                    h.ended()
                        ? "whose run of it ended unrecorded"
                        : "whose heartbeat stopped " + Math.round(h.ageSeconds()) + " s ago"));
        break;
      }
      String holder = before.map(PartitionHeartbeat.Holder::worker).orElse("another worker");
      if (!holder.equals(waitedFor)) {
        waitedFor = holder;
        log.info(
            "Partition {} (step execution {}) is being run by worker {}: waiting until it ends,"
                + " or its heartbeat is older than {} s to take it over",
            name,
            id,
            holder,
            staleAfter.toSeconds());
      }
      Thread.sleep(Math.min(1_000, Math.max(100, staleAfter.toMillis() / 5)));
    }
    heartbeat.startBeating(claim, beatEvery());
    try {
      StepExecution ended = handler.handle(request);
      log.info(
          "Partition {} (step execution {}) ended {} on this worker",
          ended.getStepName(),
          id,
          ended.getStatus());
      return ended;
    } finally {
      heartbeat.end(claim);
    }
  }
}
