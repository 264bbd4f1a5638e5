package com.athletebatch.cli;

import com.athletebatch.step.KeyRangePartitioner;
import com.athletebatch.step.RemotePartitioning;
import java.util.List;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import picocli.CommandLine.Option;

/** {@code --partitions N}: split a job's chunk steps into N key ranges run on N threads. */
public class PartitionOptions {

  /** More threads than this only queue for the database's connections. */
  static final int MAX = 64;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description =
          "split the work into N key ranges of about equal size, run side by side on N threads;"
              + " each range restarts on its own (default: one range, one thread)")
  Integer partitions;

  @Option(
      names = "--broker",
      paramLabel = "URL",
      description =
          "amqp://user:pass@host:5672/vhost: send the partitions to the worker processes"
              + " listening on this broker (see the worker command) instead of running them on"
              + " threads here; needs --partitions")
  String broker;

  @Option(
      names = "--worker-wait",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "with --broker: how long to wait for a worker to listen before failing"
              + " (default: ${DEFAULT-VALUE})")
  int workerWaitSeconds;

  @Option(
      names = "--worker-timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "with --broker: a partition whose worker has not sent a heartbeat for this long (it was"
              + " killed, or lost the database), and that no other worker took over, is failed, and"
              + " so is the run, restartable (default: ${DEFAULT-VALUE})")
  int workerTimeoutSeconds;

  /** The job parameter, when asked for. */
  JobParametersBuilder addTo(JobParametersBuilder parameters) {
    if (partitions != null) {
      if (partitions < 1 || partitions > MAX) {
        throw new IllegalArgumentException(
            "--partitions takes 1 to " + MAX + ", not " + partitions);
      }
      parameters.addLong(KeyRangePartitioner.PARAMETER, (long) partitions, false);
    } else if (broker != null) {
      throw new IllegalArgumentException("--broker needs --partitions N");
    }
    return parameters;
  }

  /**
   * The connection pool for {@code steps} partitioned steps running at once: each partition holds a
   * connection for its chunk, plus the heartbeat and the job repository's own calls.
   */
  List<String> contextArgs(int steps) {
    if (partitions == null) {
      return List.of();
    }
    if (broker != null) {
      if (workerTimeoutSeconds < 1) {
        throw new IllegalArgumentException(
            "--worker-timeout takes a number of seconds above 0, not " + workerTimeoutSeconds);
      }
      // Checked before anything starts: a clear error naming the broker, not a hung manager.
      RemotePartitioning.checkReachable(broker);
      return List.of(
          "--" + RemotePartitioning.BROKER_PROPERTY + "=" + broker,
          "--" + RemotePartitioning.WORKER_WAIT_PROPERTY + "=" + workerWaitSeconds + "s",
          "--" + RemotePartitioning.WORKER_TIMEOUT_PROPERTY + "=" + workerTimeoutSeconds + "s");
    }
    int pool = Math.max(6, steps * partitions + 4);
    return List.of("--spring.datasource.hikari.maximum-pool-size=" + pool);
  }
}
