package com.athletebatch.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.cli.ApplicationContexts;
import com.athletebatch.cli.DatabaseOptions;
import com.athletebatch.database.Dialect;
import com.athletebatch.operations.MonitoringQueries;
import com.athletebatch.operations.StatusReport;
import com.athletebatch.operations.StatusReport.StepStatus;
import com.athletebatch.step.KeyRange;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 13, part 4: each partition records its key range, its exact size and the process that ran
 * it; the summary, {@code status}, {@code executions}, {@code sql/monitoring/step-progress.sql} and
 * the dashboard's run page (and its API) show them, and every step ends at 100 % of what it read.
 */
class PartitionObservabilityTest {

  @Test
  void eachPartitionShowsItsRangeWorkerCountsAndProgress() throws Exception {
    try (TestDatabase db =
        PartitionedRunTest.database(Dialect.POSTGRESQL, PartitionedRunTest.JobKind.CAPABILITIES)) {
      JdbcTemplate jdbc = db.jdbc();
      Cli.Result run =
          Cli.run(
              PartitionedRunTest.JobKind.CAPABILITIES.command(db.jdbcUrl(), "--partitions", "3"));
      assertThat(run.exitCode()).as(run.all()).isZero();
      long execution = PartitionedRunTest.lastExecution(jdbc);
      String host = KeyRange.thisHost();
      long pid = ProcessHandle.current().pid(); // Cli runs the command in this JVM

      // The step executions, as the monitoring SQL reads them (status and the dashboard use it).
      List<StepStatus> steps =
          StatusReport.steps(new MonitoringQueries(db.dataSource(), "batch"), execution);
      assertThat(steps)
          .extracting(StepStatus::name)
          .containsExactly(
              "capabilityPreflight",
              "estimateCapabilities",
              "estimateCapabilities:partition0",
              "estimateCapabilities:partition1",
              "estimateCapabilities:partition2");
      List<StepStatus> parts = steps.subList(2, 5);
      long users = 0;
      for (StepStatus p : parts) {
        users += p.read();
        assertThat(p.partition().step()).isEqualTo("estimateCapabilities");
        assertThat(p.partition().workerHost()).isEqualTo(host);
        assertThat(p.partition().workerPid()).isEqualTo(pid);
        assertThat(p.partition().workerThread()).startsWith("estimateCapabilities-");
        assertThat(p.total())
            .as("a completed partition is 100 %% of what it read")
            .isEqualTo(p.read());
        assertThat(p.percentDone()).isEqualTo(100.0);
        // Its first execution's total was the partitioner's exact size: the progress log says so.
        assertThat(run.all()).contains(p.name() + ": " + p.read() + " rows to process");
      }
      assertThat(parts.get(0).partition().keyFrom()).isNull();
      assertThat(parts.get(0).partition().keyTo())
          .isEqualTo(parts.get(1).partition().keyFrom())
          .isNotNull();
      assertThat(parts.get(2).partition().keyTo()).isNull();
      assertThat(steps.get(1).partition()).isNull();
      assertThat(steps.get(1).read()).isEqualTo(users);
      assertThat(steps.get(1).percentDone()).isEqualTo(100.0);

      // The end-of-run summary: range and process per partition.
      assertThat(run.out())
          .containsPattern(
              "estimateCapabilities:partition1 COMPLETED .*keys \\[[0-9a-f-]{36}, [0-9a-f-]{36}\\),"
                  + " on "
                  + Pattern.quote(host)
                  + " pid "
                  + pid);

      // status: the partitions under their step, with range and worker.
      Cli.Result status = Cli.run("status", "--database-url", db.jdbcUrl());
      assertThat(status.exitCode()).as(status.all()).isZero();
      Matcher line =
          Pattern.compile(
                  "\\n\\s+partition0\\s+COMPLETED .*100\\.0% .*keys \\[…, ([0-9a-f-]{36})\\) on "
                      + Pattern.quote(host)
                      + " pid "
                      + pid)
              .matcher(status.out());
      assertThat(line.find()).as(status.out()).isTrue();
      assertThat(line.group(1)).isEqualTo(parts.get(0).partition().keyTo());

      // executions: how many partitions, how many completed, how many processes ran them.
      Cli.Result executions =
          Cli.run("executions", "--job", "capabilityEstimation", "--database-url", db.jdbcUrl());
      assertThat(executions.out())
          .as(executions.all())
          .contains("3 partitions (3 completed) run by 1 process");

      // The dashboard's run page and API (read-only mode: no users configured).
      try (ConfigurableApplicationContext web =
          ApplicationContexts.startWeb(
              DatabaseOptions.of(db.jdbcUrl()), Map.of(), List.of("--server.port=0"))) {
        int port = Integer.parseInt(web.getEnvironment().getProperty("local.server.port"));
        HttpClient http = HttpClient.newHttpClient();
        String page =
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/runs/" + execution))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(page)
            .contains("Partitions of estimateCapabilities")
            .contains("id=\"partitions-estimateCapabilities\"")
            .contains(">partition2<")
            .contains(host + " pid " + pid)
            .contains("[" + parts.get(2).partition().keyFrom() + ", …)");
        // the steps table lists the whole step once, its partitions only in their own table
        assertThat(page).containsOnlyOnce("id=\"step-estimateCapabilities:partition0\"");
        String api =
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/executions/" + execution))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(api).contains("\"workerPid\":" + pid).contains("\"name\":\"partition1\"");
      }
    }
  }
}
