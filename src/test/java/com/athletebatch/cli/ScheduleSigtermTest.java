package com.athletebatch.cli;

import static com.athletebatch.cli.ScheduleTestSupport.await;
import static com.athletebatch.cli.ScheduleTestSupport.nightlyExecutions;
import static com.athletebatch.cli.ScheduleTestSupport.status;
import static com.athletebatch.cli.ScheduleTestSupport.withDemoData;
import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.Application;
import com.athletebatch.support.Cli;
import com.athletebatch.support.EligibleWorkouts;
import com.athletebatch.support.TestDatabase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The real service in its own JVM on PostgreSQL, sent SIGTERM in the middle of a night: the running
 * job stops at its chunk boundary, STOPPED, the JVM exits, and the same night run again resumes it.
 */
class ScheduleSigtermTest {

  @Test
  void sigtermStopsTheRunningJobAndTheNightResumesLater(@TempDir Path dir) throws Exception {
    try (TestDatabase db = withDemoData(TestDatabase.postgres())) {
      JdbcTemplate jdbc = db.jdbc();
      String firstEligible = EligibleWorkouts.first(jdbc);
      File log = dir.resolve("service.log").toFile();
      Process service;
      try (Connection lock = db.dataSource().getConnection()) {
        // Holds the night inside its first chunk: its UPDATE of this row waits for the lock.
        lock.setAutoCommit(false);
        try (PreparedStatement select =
            lock.prepareStatement("SELECT id FROM \"Workout\" WHERE id = ? FOR UPDATE")) {
          select.setString(1, firstEligible);
          select.executeQuery().close();
        }
        service =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Application.class.getName(),
                    "schedule",
                    "--database-url",
                    db.jdbcUrl(),
                    "--cron",
                    "* * * * * *",
                    "--zone",
                    "UTC",
                    "--metrics-port",
                    "0")
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        try {
          await(
              "the night to be in scoreWorkouts",
              Duration.ofSeconds(90),
              () ->
                  "STARTED"
                      .equals(
                          status(
                              jdbc,
                              "SELECT STATUS FROM batch.BATCH_STEP_EXECUTION WHERE STEP_NAME = 'scoreWorkouts'")));
          service.destroy(); // SIGTERM
          await(
              "the stop request",
              Duration.ofSeconds(30),
              () -> "STOPPED".equals(status(jdbc, "SELECT STATUS FROM batch.BATCH_JOB_EXECUTION")));
          assertThat(service.isAlive()).as("waits for the chunk in flight").isTrue();
          lock.rollback();
          assertThat(service.waitFor(60, TimeUnit.SECONDS)).as(read(log)).isTrue();
        } finally {
          service.destroyForcibly();
        }
      }
      String output = read(log);
      assertThat(service.exitValue()).as(output).isEqualTo(143); // 128 + SIGTERM, as any JVM
      assertThat(output)
          .contains("Nightly schedule started: cron '* * * * * *' in time zone UTC")
          .contains("Stopping scoreBackfill execution")
          .contains("Nightly schedule stopped")
          .doesNotContain("ERROR");

      List<ScheduleTestSupport.Execution> executions = nightlyExecutions(jdbc);
      assertThat(executions).hasSize(1);
      assertThat(executions.get(0).status()).isEqualTo("STOPPED");
      assertThat(
              status(
                  jdbc,
                  "SELECT STATUS FROM batch.BATCH_STEP_EXECUTION WHERE STEP_NAME = 'scoreWorkouts'"))
          .isEqualTo("STOPPED");

      String night = executions.get(0).date();
      assertThat(night).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
      Cli.Result resumed =
          Cli.run("schedule", "--once", "--date", night, "--database-url", db.jdbcUrl());
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      assertThat(resumed.all())
          .contains("Resuming scoreBackfill execution " + executions.get(0).id());
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM \"Workout\" WHERE \"overallScore\" IS NULL"
                      + " AND \"aiAnalysisStatus\" = 'NOT_STARTED' AND date <= CURRENT_TIMESTAMP",
                  Integer.class))
          .isZero();
    }
  }

  private static String read(File file) throws java.io.IOException {
    return Files.readString(file.toPath(), StandardCharsets.UTF_8);
  }
}
