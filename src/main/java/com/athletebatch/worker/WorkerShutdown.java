package com.athletebatch.worker;

import com.athletebatch.step.PartitionHeartbeat;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.SmartLifecycle;

/**
 * A worker's graceful stop (SIGTERM, Ctrl-C), first of all the lifecycle beans, so before the
 * consumers and the data source close: the worker takes no more partitions (a message delivered
 * meanwhile goes back to the queue, {@link PartitionRequests}), each partition it runs is asked to
 * stop at its next chunk boundary, and the close waits until they have ended STOPPED, with an exit
 * description naming this worker. Their messages are acknowledged as their handlers return, then
 * the consumers stop: a STOPPED partition is a finished step execution to the manager, whose run
 * ends STOPPED, and running the same command again (restart) sends those partitions again, each
 * resuming from its last committed chunk.
 *
 * <p>Why not requeue the partition for another worker instead: the manager polls the job repository
 * and would count the STOPPED partition as ended before another worker took it (or the requeued
 * message would go round the workers of a deployment that is shutting down as a whole).
 */
public class WorkerShutdown implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WorkerShutdown.class);

  private final Set<StepExecution> running = ConcurrentHashMap.newKeySet();
  private final Duration timeout;
  private volatile boolean started;
  private volatile boolean stopping;

  public WorkerShutdown(Duration timeout) {
    this.timeout = timeout;
  }

  boolean stopping() {
    return stopping;
  }

  /** A partition starts on this worker (on the consumer's thread). */
  void started(StepExecution partition) {
    running.add(partition);
    if (stopping) {
      stopAtChunkBoundary(partition);
    }
  }

  void ended(StepExecution partition) {
    running.remove(partition);
  }

  private static void stopAtChunkBoundary(StepExecution partition) {
    partition.setExitStatus(
        partition
            .getExitStatus()
            .addExitDescription(
                "stopped at a chunk boundary: its worker "
                    + PartitionHeartbeat.localHost()
                    + " pid "
                    + ProcessHandle.current().pid()
                    + " was shut down (SIGTERM); run the same command again to resume it"));
    partition.setTerminateOnly();
  }

  @Override
  public void start() {
    started = true;
  }

  @Override
  public void stop() {
    if (!started) {
      return;
    }
    started = false;
    stopping = true;
    List<String> names = running.stream().map(StepExecution::getStepName).toList();
    if (names.isEmpty()) {
      log.info("Shutting down: no partition running; taking no more");
      return;
    }
    log.info(
        "Shutting down: taking no more partitions; stopping {} at their next chunk boundary",
        names);
    for (StepExecution partition : running) {
      stopAtChunkBoundary(partition);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!running.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (running.isEmpty()) {
      log.info("Partitions {} stopped; they resume when the run is restarted", names);
    } else {
      log.warn(
          "Partitions {} did not stop within {} s: their messages go back to the broker, and another"
              + " worker takes them over once this worker's heartbeat is stale (or the manager fails"
              + " them after its --worker-timeout)",
          running.stream().map(StepExecution::getStepName).toList(),
          timeout.toSeconds());
    }
  }

  @Override
  public boolean isRunning() {
    return started;
  }

  /** First to stop: before the consumers and everything the partitions use. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
