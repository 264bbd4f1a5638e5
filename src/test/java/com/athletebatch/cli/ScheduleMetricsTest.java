package com.athletebatch.cli;

import static com.athletebatch.cli.ScheduleTestSupport.FIRST_NIGHT;
import static com.athletebatch.cli.ScheduleTestSupport.context;
import static com.athletebatch.cli.ScheduleTestSupport.withDemoData;
import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.schedule.MetricsEndpoint;
import com.athletebatch.schedule.NightlyRun;
import com.athletebatch.schedule.NightlyScheduler;
import com.athletebatch.support.TestDatabase;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The schedule service's scrape endpoint serves Spring Batch's job, step and item metrics and the
 * app's counters.
 */
class ScheduleMetricsTest {

  @Test
  void afterANightTheEndpointServesBatchAndApplicationMetrics() throws Exception {
    try (TestDatabase db = withDemoData(TestDatabase.h2());
        ConfigurableApplicationContext context = context(db.jdbcUrl(), ScheduleCommand.PROFILE);
        MetricsEndpoint endpoint =
            MetricsEndpoint.start(context.getBean(PrometheusRegistry.class), 0)) {
      NightlyRun.Result night = context.getBean(NightlyScheduler.class).runOnce(FIRST_NIGHT);
      assertThat(night.completed()).as(night.toString()).isTrue();

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + endpoint.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      String metrics = response.body();

      // Spring Batch's observations, as timers.
      assertThat(
              value(
                  metrics,
                  "spring_batch_job_seconds_count",
                  "spring_batch_job_name=\"scoreBackfill\""))
          .isEqualTo(1);
      assertThat(
              value(
                  metrics,
                  "spring_batch_job_seconds_count",
                  "spring_batch_job_name=\"capabilityEstimation\""))
          .isEqualTo(1);
      assertThat(
              value(
                  metrics,
                  "spring_batch_step_seconds_count",
                  "spring_batch_step_name=\"scoreWorkouts\""))
          .isEqualTo(1);
      StepExecution workouts = step(night.jobs().get(0).execution(), "scoreWorkouts");
      assertThat(
              value(
                  metrics,
                  "spring_batch_item_read_seconds_count",
                  "spring_batch_item_read_step_name=\"scoreWorkouts\""))
          .isGreaterThanOrEqualTo(workouts.getReadCount());
      assertThat(metrics)
          .contains("spring_batch_item_process_seconds_count")
          .contains("spring_batch_chunk_write_seconds_count");

      // The application's counters equal the steps' own counts.
      assertThat(value(metrics, "athlete_batch_rows_scored_total", "step=\"scoreWorkouts\""))
          .isEqualTo(workouts.getExecutionContext().getLong("scored"));
      assertThat(value(metrics, "athlete_batch_rows_skipped_total", "step=\"scoreWorkouts\""))
          .isEqualTo(workouts.getExecutionContext().getLong("skippedEmpty"));
      assertThat(value(metrics, "athlete_batch_rows_failed_total", "step=\"scoreWorkouts\""))
          .isEqualTo(workouts.getExecutionContext().getLong("failed"));
      StepExecution estimate = step(night.jobs().get(1).execution(), "estimateCapabilities");
      assertThat(
              value(metrics, "athlete_batch_users_estimated_total", "job=\"capabilityEstimation\""))
          .isEqualTo(estimate.getExecutionContext().getLong("users"))
          .isPositive();
      assertThat(
              value(
                  metrics,
                  "athlete_batch_projections_written_total",
                  "job=\"capabilityEstimation\""))
          .isEqualTo(estimate.getExecutionContext().getLong("projections"));
      assertThat(value(metrics, "athlete_batch_nightly_runs_total", "outcome=\"completed\""))
          .isEqualTo(1);
    }
  }

  private static StepExecution step(JobExecution execution, String name) {
    return execution.getStepExecutions().stream()
        .filter(s -> s.getStepName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** The value of the first sample of {@code name} whose labels contain {@code label}. */
  private static long value(String metrics, String name, String label) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
    while (m.find()) {
      if (m.group(1).contains(label)) {
        return (long) Double.parseDouble(m.group(2));
      }
    }
    throw new AssertionError("no " + name + "{" + label + "} in\n" + metrics);
  }
}
