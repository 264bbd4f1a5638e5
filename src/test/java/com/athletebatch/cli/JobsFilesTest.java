package com.athletebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The ready files under jobs/ for schedulers outside the JVM: they parse, they run the one-shot
 * nightly command with options the command accepts, and the CronJob never overlaps two nights.
 */
class JobsFilesTest {

  private static final Path JOBS = Path.of("jobs");

  @Test
  void crontabLineRunsOneNightAt2() throws IOException {
    List<String> entries =
        Files.readAllLines(JOBS.resolve("athlete-batch.cron")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.matches("^[A-Z_]+=.*"))
            .toList();
    assertThat(entries).hasSize(1);
    String[] fields = entries.get(0).split("\\s+", 6);
    // Five cron fields (Spring's expressions have seconds in front).
    CronExpression.parse("0 " + String.join(" ", Arrays.copyOf(fields, 5)));
    assertThat(String.join(" ", Arrays.copyOf(fields, 5))).isEqualTo("0 2 * * *");
    assertRunsTheNightlyCommand(fields[5]);
  }

  @Test
  void systemdServiceAndTimer() throws IOException {
    String service = Files.readString(JOBS.resolve("systemd/athlete-batch-nightly.service"));
    assertThat(service).contains("Type=oneshot").contains("EnvironmentFile=");
    assertRunsTheNightlyCommand(value(service, "ExecStart"));

    String timer = Files.readString(JOBS.resolve("systemd/athlete-batch-nightly.timer"));
    assertThat(value(timer, "OnCalendar")).isEqualTo("*-*-* 02:00:00");
    assertThat(value(timer, "Unit")).isEqualTo("athlete-batch-nightly.service");
    assertThat(value(timer, "Persistent")).isEqualTo("true");
    assertThat(value(timer, "WantedBy")).isEqualTo("timers.target");
  }

  @Test
  @SuppressWarnings("unchecked")
  void kubernetesWorkerDeploymentRunsTheWorkerCommandAndKedaScalesItOnItsQueue()
      throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc :
        new Yaml().loadAll(Files.readString(JOBS.resolve("k8s/athlete-batch-worker.yaml")))) {
      docs.add((Map<String, Object>) doc);
    }
    assertThat(docs).extracting(d -> d.get("kind")).contains("Deployment", "ScaledObject");
    Map<String, Object> deployment = docs.get(0);
    Map<String, Object> podSpec =
        (Map<String, Object>)
            ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template"))
                .get("spec");
    List<String> args =
        (List<String>) ((List<Map<String, Object>>) podSpec.get("containers")).get(0).get("args");
    assertThat(args).startsWith("worker");
    assertThat(
            new CommandLine(new AthleteBatchCommand())
                .parseArgs(args.toArray(String[]::new))
                .subcommand()
                .commandSpec()
                .name())
        .isEqualTo("worker");
    // SIGTERM waits up to --stop-timeout for the chunks in flight: Kubernetes must wait longer.
    int stopTimeout = Integer.parseInt(args.get(args.indexOf("--stop-timeout") + 1));
    assertThat((Integer) podSpec.get("terminationGracePeriodSeconds"))
        .isGreaterThanOrEqualTo(stopTimeout + 10);
    Map<String, Object> scaled = docs.get(1);
    Map<String, Object> scaledSpec = (Map<String, Object>) scaled.get("spec");
    assertThat((Map<String, Object>) scaledSpec.get("scaleTargetRef"))
        .containsEntry("name", ((Map<String, Object>) deployment.get("metadata")).get("name"));
    Map<String, Object> trigger = ((List<Map<String, Object>>) scaledSpec.get("triggers")).get(0);
    assertThat(trigger).containsEntry("type", "rabbitmq");
    assertThat((Map<String, Object>) trigger.get("metadata"))
        .containsEntry("queueName", "athlete-batch.batch.partitions");
  }

  @Test
  @SuppressWarnings("unchecked")
  void kubernetesCronJobForbidsConcurrentNights() throws IOException {
    Map<String, Object> cronJob =
        new Yaml().load(Files.readString(JOBS.resolve("k8s/athlete-batch-nightly.yaml")));
    assertThat(cronJob).containsEntry("apiVersion", "batch/v1").containsEntry("kind", "CronJob");
    Map<String, Object> spec = (Map<String, Object>) cronJob.get("spec");
    assertThat(spec)
        .containsEntry("concurrencyPolicy", "Forbid")
        .containsEntry("schedule", "0 2 * * *");
    CronExpression.parse("0 " + spec.get("schedule"));
    Map<String, Object> jobSpec =
        (Map<String, Object>) ((Map<String, Object>) spec.get("jobTemplate")).get("spec");
    Map<String, Object> podSpec =
        (Map<String, Object>) ((Map<String, Object>) jobSpec.get("template")).get("spec");
    assertThat(podSpec).containsEntry("restartPolicy", "Never");
    List<Map<String, Object>> containers = (List<Map<String, Object>>) podSpec.get("containers");
    assertThat(containers).hasSize(1);
    List<String> args = (List<String>) containers.get(0).get("args");
    assertThat(args).startsWith("schedule", "--once");
    parse(args.toArray(String[]::new));
    assertThat(containers.get(0).get("name"))
        .isEqualTo(
            ((Map<String, Object>)
                    ((List<Map<String, Object>>)
                            ((Map<String, Object>) jobSpec.get("podFailurePolicy")).get("rules"))
                        .get(0)
                        .get("onExitCodes"))
                .get("containerName"));
  }

  /** The command line runs jobs/athlete-batch (which exists) with arguments the CLI accepts. */
  private static void assertRunsTheNightlyCommand(String commandLine) {
    String command = commandLine.replaceFirst("\\s*>>.*$", "");
    int at = command.indexOf("jobs/athlete-batch ");
    assertThat(at).as(commandLine).isNotNegative();
    assertThat(Files.isExecutable(JOBS.resolve("athlete-batch"))).isTrue();
    String[] args = command.substring(at + "jobs/athlete-batch ".length()).strip().split("\\s+");
    assertThat(args).startsWith("schedule", "--once");
    parse(args);
  }

  private static void parse(String... args) {
    CommandLine.ParseResult result = new CommandLine(new AthleteBatchCommand()).parseArgs(args);
    assertThat(result.subcommand().commandSpec().name()).isEqualTo("schedule");
  }

  private static String value(String unit, String key) {
    return unit.lines()
        .map(String::strip)
        .filter(l -> l.startsWith(key + "="))
        .findFirst()
        .map(l -> l.substring(key.length() + 1))
        .orElseThrow(() -> new AssertionError("no " + key));
  }
}
