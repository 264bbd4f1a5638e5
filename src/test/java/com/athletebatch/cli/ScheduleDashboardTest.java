package com.athletebatch.cli;

import static com.athletebatch.cli.ScheduleTestSupport.FIRST_NIGHT;
import static com.athletebatch.cli.ScheduleTestSupport.withDemoData;
import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.schedule.NightlyRun;
import com.athletebatch.schedule.NightlyScheduler;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code schedule --http-port}: one process, one port: the dashboard, its API and the Prometheus
 * scrape at /metrics, with the nights on the schedule page.
 */
class ScheduleDashboardTest {

  @Test
  void theNightlyServiceServesTheDashboardAndItsMetricsOnOnePort() throws Exception {
    try (TestDatabase db = withDemoData(TestDatabase.h2());
        ConfigurableApplicationContext context =
            ApplicationContexts.startWeb(
                DatabaseOptions.of(db.jdbcUrl()),
                Map.of("athlete-batch.viewer.password", "night-viewer"),
                ServeCommand.serverArgs(0, null),
                ScheduleCommand.PROFILE)) {
      NightlyRun.Result night = context.getBean(NightlyScheduler.class).runOnce(FIRST_NIGHT);
      assertThat(night.completed()).as(night.toString()).isTrue();
      String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
      HttpClient http = HttpClient.newHttpClient();

      HttpResponse<String> metrics = get(http, base + "/metrics", null);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("spring_batch_job_seconds_count")
          .contains("athlete_batch_nightly_runs_total");

      String viewer =
          "Basic " + Base64.getEncoder().encodeToString("viewer:night-viewer".getBytes());
      assertThat(get(http, base + "/api/executions", null).statusCode()).isEqualTo(401);
      HttpResponse<String> api = get(http, base + "/api/executions", viewer);
      assertThat(api.statusCode()).isEqualTo(200);
      assertThat(api.body()).contains("nightly.date=" + FIRST_NIGHT);
    }
  }

  @Test
  void httpPortIsForTheLongLivedService() {
    for (List<String> args :
        List.of(
            List.of("schedule", "--once", "--http-port", "0"),
            List.of("schedule", "--http-port", "0", "--metrics-port", "0"),
            List.of("schedule", "--bind", "0.0.0.0"))) {
      Cli.Result result = Cli.run(args.toArray(String[]::new));
      assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url, String authorization)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
