package com.athletebatch.cli;

import com.athletebatch.operations.RunSummary;
import com.athletebatch.schedule.MetricsEndpoint;
import com.athletebatch.schedule.NightlyRun;
import com.athletebatch.schedule.NightlyScheduler;
import com.athletebatch.scoring.llm.LlmRun;
import com.athletebatch.step.RemotePartitioning;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.scheduling.support.CronExpression;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code schedule}: the nightly service (score backfill, then capability estimation of the changed
 * users, at a cron expression), or with {@code --once} one night now, for schedulers outside the
 * JVM.
 */
@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = {
      "Run the nightly service: at each tick of the cron expression, the score backfill, then "
          + "the capability estimation in --changed-only mode. Each night is its own job instance "
          + "(identifying parameter nightly.date). A tick that comes while a run is still going is logged "
          + "and skipped. SIGTERM stops the running job at its next chunk boundary (STOPPED, restartable) "
          + "and exits (code 143, as any JVM ended by SIGTERM).",
      "With --once: run one night now and exit (for cron, systemd timers, Kubernetes CronJobs); "
          + "exit 0 completed, 1 failed or stopped, 3 a run was still going.",
      "With --partitions N the nights' steps are split into N key ranges, on threads here or, "
          + "with --broker URL, on the worker processes listening on that broker (see worker)."
    })
public class ScheduleCommand implements Callable<Integer> {

  public static final String CRON_PROPERTY = "athlete-batch.schedule.cron";
  public static final String ZONE_PROPERTY = "athlete-batch.schedule.zone";
  public static final String METRICS_PORT_PROPERTY = "athlete-batch.metrics.port";
  public static final String PROFILE = "schedule";

  private static final Logger log = LoggerFactory.getLogger(ScheduleCommand.class);

  @Mixin DatabaseOptions database;

  /** {@code --partitions N [--broker URL]}: every night's chunk steps split, as for run. */
  @Mixin PartitionOptions partitions;

  @Mixin ScorerOptions scorer;

  private LlmRun llmRun = LlmRun.DETERMINISTIC;

  @Option(
      names = "--cron",
      paramLabel = "EXPR",
      description =
          "Spring cron expression: second minute hour day-of-month month day-of-week (default: "
              + "$ATHLETE_BATCH_SCHEDULE_CRON or "
              + CRON_PROPERTY
              + ", else '"
              + NightlyScheduler.DEFAULT_CRON
              + "', 02:00 every night)")
  String cron;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      description =
          "time zone of the cron expression and of the night's date, e.g. Europe/Paris (default: "
              + "$ATHLETE_BATCH_SCHEDULE_ZONE or "
              + ZONE_PROPERTY
              + ", else the system's)")
  String zone;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "port of the Prometheus scrape endpoint /metrics; 0 picks a free one (default: "
              + "$ATHLETE_BATCH_METRICS_PORT or "
              + METRICS_PORT_PROPERTY
              + ", else "
              + MetricsEndpoint.DEFAULT_PORT
              + ")")
  Integer metricsPort;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description =
          "also serve the dashboard and its API on this port (0: a free one), with the Prometheus "
              + "scrape at /metrics on the same port instead of --metrics-port; users and --bind "
              + "rules as for serve")
  Integer httpPort;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "with --http-port: the address to listen on (as serve's --bind)")
  String bind;

  @Option(names = "--once", description = "run one night now and exit")
  boolean once;

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      description =
          "with --once: the night to run (default: today in the zone); the same night run again "
              + "resumes its failed or stopped run")
  LocalDate date;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    // Options given on the command line are checked before anything starts (usage error, exit 2).
    if (cron != null) {
      cronExpression(cron, "--cron");
    }
    if (zone != null) {
      zoneId(zone, "--zone");
    }
    if (once && httpPort != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--http-port serves the long-lived service; not with --once");
    }
    if (httpPort != null && metricsPort != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "with --http-port the metrics are served at /metrics on that port; drop --metrics-port");
    }
    if (bind != null && httpPort == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--bind needs --http-port");
    }
    if (date != null && !once) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--date needs --once");
    }
    try {
      partitions.addTo(new JobParametersBuilder());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    llmRun = scorer.llmRun(spec.commandLine(), System.getenv());
    if (llmRun.kind().callsModel() && partitions.partitions != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--scorer "
              + llmRun.kind().cliName()
              + " runs its model calls concurrently inside each chunk (--llm-concurrency);"
              + " not with --partitions");
    }
    return once ? runOnce() : serve();
  }

  private int runOnce() throws Exception {
    PrintStream out = System.out;
    try (ConfigurableApplicationContext context =
        ApplicationContexts.start(database, scaleOutArgs())) {
      JobCommands.seedEmbeddedDefaultIfEmpty(context, database, out);
      ZoneId zoneId = zone(context.getEnvironment());
      LocalDate night = date != null ? date : LocalDate.now(zoneId);
      NightlyRun.Result result = context.getBean(NightlyScheduler.class).runOnce(night);
      for (NightlyRun.JobOutcome job : result.jobs()) {
        if (job.execution() != null) {
          RunSummary.print(job.execution(), out);
        } else {
          out.println();
          out.println(job);
        }
      }
      out.println();
      if (result.skipped() != null) {
        out.printf("Night %s skipped: %s; nothing was started.%n", night, result.skipped());
        return AthleteBatchCommand.EXIT_ALREADY_RUNNING;
      }
      out.printf("Night %s: %s%n", night, result.outcome());
      if (result.completed()) {
        return 0;
      }
      out.println(
          "To continue where it stopped, run the same night again (it resumes the failed or stopped run):");
      out.println("  jobs/athlete-batch schedule --once --date " + night + " …");
      return AthleteBatchCommand.EXIT_FAILED;
    }
  }

  private int serve() throws Exception {
    try (ConfigurableApplicationContext context =
        httpPort == null
            ? ApplicationContexts.start(database, scaleOutArgs(), PROFILE)
            : ApplicationContexts.startWeb(database, Map.of(), webArgs(), PROFILE)) {
      JobCommands.seedEmbeddedDefaultIfEmpty(context, database, System.out);
      Environment environment = context.getEnvironment();
      CronExpression cronExpression =
          cron != null
              ? cronExpression(cron, "--cron")
              : cronExpression(
                  environment.getProperty(CRON_PROPERTY, NightlyScheduler.DEFAULT_CRON),
                  CRON_PROPERTY);
      ZoneId zoneId = zone(environment);
      int port =
          metricsPort != null
              ? metricsPort
              : environment.getProperty(
                  METRICS_PORT_PROPERTY, Integer.class, MetricsEndpoint.DEFAULT_PORT);
      NightlyScheduler scheduler = context.getBean(NightlyScheduler.class);
      if (httpPort != null) {
        // The dashboard's schedule page shows the cron and zone this service runs with.
        context
            .getEnvironment()
            .getPropertySources()
            .addFirst(
                new MapPropertySource(
                    "schedule",
                    Map.of(
                        "athlete-batch.web.schedule.cron",
                        cronExpression.toString(),
                        "athlete-batch.web.schedule.zone",
                        zoneId.getId())));
        log.info("Prometheus metrics at /metrics on the dashboard's port");
        scheduler.start(cronExpression, zoneId, Clock.system(zoneId));
        scheduler.awaitTermination();
        return 0;
      }
      try (MetricsEndpoint metrics =
          MetricsEndpoint.start(context.getBean(PrometheusRegistry.class), port)) {
        log.info("Prometheus metrics at http://localhost:{}/metrics", metrics.port());
        scheduler.start(cronExpression, zoneId, Clock.system(zoneId));
        scheduler.awaitTermination();
      }
      return 0;
    }
  }

  /**
   * With {@code --partitions N}: the nights' jobs run partitioned ({@value
   * NightlyRun#PARTITIONS_PROPERTY}), on threads here or, with {@code --broker}, as managers whose
   * partitions the worker processes run (the broker is checked first, as for run).
   */
  private List<String> scaleOutArgs() {
    List<String> args = new ArrayList<>(partitions.contextArgs(2));
    args.addAll(llmRun.contextArgs());
    if (partitions.partitions != null) {
      args.add("--" + NightlyRun.PARTITIONS_PROPERTY + "=" + partitions.partitions);
      log.info(
          "Each night's steps run in {} partitions {}",
          partitions.partitions,
          partitions.broker == null
              ? "on threads of this process"
              : "on the workers of " + RemotePartitioning.maskPassword(partitions.broker));
    }
    return args;
  }

  private List<String> webArgs() {
    List<String> args = new ArrayList<>(ServeCommand.serverArgs(httpPort, bind));
    args.addAll(scaleOutArgs());
    return args;
  }

  private ZoneId zone(Environment environment) {
    if (zone != null) {
      return zoneId(zone, "--zone");
    }
    String configured = environment.getProperty(ZONE_PROPERTY);
    return configured == null || configured.isBlank()
        ? ZoneId.systemDefault()
        : zoneId(configured, ZONE_PROPERTY);
  }

  private CronExpression cronExpression(String expression, String source) {
    try {
      return CronExpression.parse(expression.trim());
    } catch (IllegalArgumentException e) {
      throw invalid(
          source,
          "'"
              + expression
              + "' is not a cron expression (second minute hour day-of-month"
              + " month day-of-week, e.g. '"
              + NightlyScheduler.DEFAULT_CRON
              + "'): "
              + e.getMessage());
    }
  }

  private ZoneId zoneId(String id, String source) {
    try {
      return ZoneId.of(id.trim());
    } catch (DateTimeException e) {
      throw invalid(source, "'" + id + "' is not a time zone (e.g. UTC, Europe/Paris)");
    }
  }

  /**
   * A bad command-line option is a usage error (exit 2); a bad configured value an error (exit 1).
   */
  private RuntimeException invalid(String source, String message) {
    if (source.startsWith("--")) {
      return new CommandLine.ParameterException(spec.commandLine(), source + ": " + message);
    }
    return new IllegalArgumentException(source + ": " + message);
  }
}
