package com.athletebatch.cli;

import com.athletebatch.step.RemotePartitioning;
import com.athletebatch.worker.WorkerConfiguration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker}: run partitions sent by {@code run … --partitions N --broker URL}. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Take partitions of the jobs' steps from the broker and run them, until Ctrl-C or SIGTERM"
          + " (which stop the running partitions at their next chunk boundary, STOPPED: run the"
          + " same command again to resume them). "
          + "Start as many as you like, on as many machines, all against the same database "
          + "(the job repository is shared); then launch with "
          + "run capabilityEstimation|scoreBackfill --partitions N --broker URL."
    })
public class WorkerCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

  @Mixin DatabaseOptions database;

  @Option(
      names = "--broker",
      required = true,
      paramLabel = "URL",
      description = "the RabbitMQ broker, amqp://user:pass@host:5672/vhost")
  String broker;

  @Option(
      names = "--threads",
      paramLabel = "T",
      defaultValue = "1",
      description = "partitions run at once (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--takeover-after",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "take over a partition whose worker has sent no heartbeat for this long (it died or lost"
              + " the database); a live worker's partition is never run twice at once"
              + " (default: ${DEFAULT-VALUE})")
  int takeoverAfterSeconds;

  @Option(
      names = "--stop-timeout",
      paramLabel = "SECONDS",
      defaultValue = "240",
      description =
          "on SIGTERM or Ctrl-C, how long to wait for the running partitions to stop at their next"
              + " chunk boundary (default: ${DEFAULT-VALUE})")
  int stopTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    if (threads < 1 || threads > PartitionOptions.MAX) {
      throw new IllegalArgumentException(
          "--threads takes 1 to " + PartitionOptions.MAX + ", not " + threads);
    }
    if (takeoverAfterSeconds < 1 || stopTimeoutSeconds < 1) {
      throw new IllegalArgumentException(
          "--takeover-after and --stop-timeout take a number of seconds above 0");
    }
    RemotePartitioning.checkReachable(broker);
    try (ConfigurableApplicationContext context =
        ApplicationContexts.start(
            database,
            List.of(
                "--" + RemotePartitioning.BROKER_PROPERTY + "=" + broker,
                "--" + WorkerConfiguration.THREADS_PROPERTY + "=" + threads,
                "--"
                    + WorkerConfiguration.CLAIM_STALE_AFTER_PROPERTY
                    + "="
                    + takeoverAfterSeconds
                    + "s",
                "--" + WorkerConfiguration.STOP_TIMEOUT_PROPERTY + "=" + stopTimeoutSeconds + "s",
                "--spring.datasource.hikari.maximum-pool-size=" + (threads + 4)))) {
      RemotePartitioning remote = context.getBean(RemotePartitioning.class);
      log.info(
          "Worker listening on {} (queue {}) with {} thread(s), pid {}",
          remote.brokerForDisplay(),
          remote.queueName(),
          threads,
          ProcessHandle.current().pid());
      System.out.println("worker ready");
      ServeCommand.awaitClose(context);
      return 0;
    }
  }
}
