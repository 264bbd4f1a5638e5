package com.athletebatch.cli;

import static com.athletebatch.cli.ScheduleTestSupport.FIRST_NIGHT;
import static com.athletebatch.cli.ScheduleTestSupport.await;
import static com.athletebatch.cli.ScheduleTestSupport.context;
import static com.athletebatch.cli.ScheduleTestSupport.messages;
import static com.athletebatch.cli.ScheduleTestSupport.nightlyExecutions;
import static com.athletebatch.cli.ScheduleTestSupport.status;
import static com.athletebatch.cli.ScheduleTestSupport.withDemoData;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.athletebatch.operations.JobRunner;
import com.athletebatch.operations.LiveJobExecutions;
import com.athletebatch.schedule.NightlyRun;
import com.athletebatch.schedule.NightlyScheduler;
import com.athletebatch.support.Cli;
import com.athletebatch.support.EligibleWorkouts;
import com.athletebatch.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.support.CronExpression;

/**
 * The nightly service in this JVM, on H2, with a cron expression firing every second: nights run
 * the two jobs in order, each night its own job instance; ticks during a night are skipped, never
 * overlapped; closing the context (what SIGTERM does) stops the running job, STOPPED and
 * restartable.
 */
class ScheduleServiceTest {

  private static final CronExpression EVERY_SECOND = CronExpression.parse("* * * * * *");

  @Test
  void eachNightRunsTheScoreBackfillThenTheEstimationAsItsOwnInstances() throws Exception {
    try (TestDatabase db = withDemoData(TestDatabase.h2())) {
      JdbcTemplate jdbc = db.jdbc();
      try (ConfigurableApplicationContext context = context(db.jdbcUrl())) {
        context
            .getBean(NightlyScheduler.class)
            .start(EVERY_SECOND, ZoneOffset.UTC, new ScheduleTestSupport.NightClock());
        await(
            "two nights",
            Duration.ofSeconds(90),
            () ->
                nightlyExecutions(jdbc).stream()
                        .filter(
                            e ->
                                e.job().equals("capabilityEstimation")
                                    && e.status().equals("COMPLETED"))
                        .count()
                    >= 2);
      }
      List<ScheduleTestSupport.Execution> executions = nightlyExecutions(jdbc);
      List<ScheduleTestSupport.Execution> firstTwoNights = executions.subList(0, 4);
      assertThat(firstTwoNights)
          .extracting(ScheduleTestSupport.Execution::job)
          .containsExactly(
              "scoreBackfill", "capabilityEstimation", "scoreBackfill", "capabilityEstimation");
      assertThat(firstTwoNights)
          .extracting(ScheduleTestSupport.Execution::date)
          .containsExactly("2026-11-20", "2026-11-20", "2026-11-21", "2026-11-21");
      assertThat(firstTwoNights)
          .extracting(ScheduleTestSupport.Execution::status)
          .containsOnly("COMPLETED");
      // One instance per job and night.
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(DISTINCT JOB_INSTANCE_ID) FROM batch.BATCH_JOB_EXECUTION"
                      + " WHERE JOB_EXECUTION_ID IN (?, ?, ?, ?)",
                  Integer.class,
                  firstTwoNights.stream().map(ScheduleTestSupport.Execution::id).toArray()))
          .isEqualTo(4);
      // Never two at once: each execution starts after the previous one ended.
      for (int i = 1; i < executions.size(); i++) {
        if (executions.get(i - 1).end() != null) {
          assertThat(executions.get(i).start()).isAfterOrEqualTo(executions.get(i - 1).end());
        }
      }
      // The first night scored every eligible row and estimated every user with events.
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM \"Workout\" WHERE \"overallScore\" IS NULL"
                      + " AND \"aiAnalysisStatus\" IN ('NOT_STARTED') AND date <= CURRENT_TIMESTAMP",
                  Integer.class))
          .isZero();
      assertThat(
              jdbc.queryForObject("SELECT count(DISTINCT user_id) FROM projections", Integer.class))
          .isEqualTo(
              jdbc.queryForObject("SELECT count(DISTINCT user_id) FROM events", Integer.class));
    }
  }

  @Test
  void aTickDuringANightIsSkippedAndShutdownStopsTheJobRestartably() throws Exception {
    Class<?>[] loggers = {NightlyScheduler.class, LiveJobExecutions.class};
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    try (TestDatabase db = withDemoData(TestDatabase.h2())) {
      JdbcTemplate jdbc = db.jdbc();
      // The service waits on a row lock instead of failing at once.
      String url = db.jdbcUrl() + ";LOCK_TIMEOUT=60000";
      String firstEligible = EligibleWorkouts.first(jdbc);
      ConfigurableApplicationContext context = context(url);
      // After the context started: Spring Boot resets the logging configuration at start.
      ScheduleTestSupport.captureLogs(logs, loggers);
      CompletableFuture<Void> closed;
      try (context;
          Connection lock = db.dataSource().getConnection()) {
        // Holds the night inside its first chunk: its UPDATE of this row waits for the lock.
        lock.setAutoCommit(false);
        try (PreparedStatement select =
            lock.prepareStatement("SELECT id FROM \"Workout\" WHERE id = ? FOR UPDATE")) {
          select.setString(1, firstEligible);
          select.executeQuery().close();
        }
        context
            .getBean(NightlyScheduler.class)
            .start(
                EVERY_SECOND,
                ZoneOffset.UTC,
                Clock.fixed(FIRST_NIGHT.atTime(2, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
        await(
            "the night to be in scoreWorkouts",
            Duration.ofSeconds(60),
            () ->
                "STARTED"
                    .equals(
                        status(
                            jdbc,
                            "SELECT STATUS FROM batch.BATCH_STEP_EXECUTION WHERE STEP_NAME = 'scoreWorkouts'")));
        await(
            "a skipped tick",
            Duration.ofSeconds(10),
            () -> messages(logs).stream().anyMatch(m -> m.startsWith("Tick skipped")));

        // What the shutdown hook does on SIGTERM.
        closed = CompletableFuture.runAsync(context::close);
        await(
            "the stop request",
            Duration.ofSeconds(20),
            () -> "STOPPED".equals(status(jdbc, "SELECT STATUS FROM batch.BATCH_JOB_EXECUTION")));
        assertThat(closed).isNotDone();
        lock.rollback();
        closed.get(60, TimeUnit.SECONDS);
      }
      assertThat(messages(logs)).anyMatch(m -> m.startsWith("Stopping scoreBackfill execution"));

      // One run only, no overlap, and the estimation never started after the stop.
      List<ScheduleTestSupport.Execution> executions = nightlyExecutions(jdbc);
      assertThat(executions).hasSize(1);
      assertThat(executions.get(0).status()).isEqualTo("STOPPED");
      assertThat(executions.get(0).end()).isNotNull();
      assertThat(
              status(
                  jdbc,
                  "SELECT STATUS FROM batch.BATCH_STEP_EXECUTION WHERE STEP_NAME = 'scoreWorkouts'"))
          .isEqualTo("STOPPED");
      // The chunk in flight committed; the rest waits for the restart.
      assertThat(
              jdbc.queryForObject(
                  "SELECT WRITE_COUNT FROM batch.BATCH_STEP_EXECUTION"
                      + " WHERE STEP_NAME = 'scoreWorkouts'",
                  Integer.class))
          .isPositive();

      Cli.Result resumed =
          Cli.run("schedule", "--once", "--date", FIRST_NIGHT.toString(), "--database-url", url);
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      assertThat(resumed.all())
          .contains("Resuming scoreBackfill execution " + executions.get(0).id());
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM batch.BATCH_JOB_INSTANCE"
                      + " WHERE JOB_NAME = 'scoreBackfill'",
                  Integer.class))
          .isEqualTo(1);
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM \"Workout\" WHERE \"overallScore\" IS NULL"
                      + " AND \"aiAnalysisStatus\" = 'NOT_STARTED' AND date <= CURRENT_TIMESTAMP",
                  Integer.class))
          .isZero();
    } finally {
      ScheduleTestSupport.release(logs, loggers);
    }
  }

  @Test
  void aOneShotRunStopsTooWhenTheContextCloses() throws Exception {
    try (TestDatabase db = withDemoData(TestDatabase.h2())) {
      JdbcTemplate jdbc = db.jdbc();
      String url = db.jdbcUrl() + ";LOCK_TIMEOUT=60000";
      String firstEligible = EligibleWorkouts.first(jdbc);
      ConfigurableApplicationContext context = context(url);
      CompletableFuture<JobRunner.Launch> run;
      try (context;
          Connection lock = db.dataSource().getConnection()) {
        lock.setAutoCommit(false);
        try (PreparedStatement select =
            lock.prepareStatement("SELECT id FROM \"Workout\" WHERE id = ? FOR UPDATE")) {
          select.setString(1, firstEligible);
          select.executeQuery().close();
        }
        // As `run scoreBackfill` launches it, on the command's own thread.
        Job job = context.getBean("scoreBackfill", Job.class);
        run =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return context.getBean(JobRunner.class).launch(job, new JobParametersBuilder());
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        await(
            "the run to be in scoreWorkouts",
            Duration.ofSeconds(60),
            () ->
                "STARTED"
                    .equals(
                        status(
                            jdbc,
                            "SELECT STATUS FROM batch.BATCH_STEP_EXECUTION WHERE STEP_NAME = 'scoreWorkouts'")));
        CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);
        await(
            "the stop request",
            Duration.ofSeconds(20),
            () -> "STOPPED".equals(status(jdbc, "SELECT STATUS FROM batch.BATCH_JOB_EXECUTION")));
        lock.rollback();
        closed.get(60, TimeUnit.SECONDS);
      }
      JobRunner.Launch launch = run.get(10, TimeUnit.SECONDS);
      assertThat(((JobRunner.Launch.Ran) launch).execution().getStatus())
          .isEqualTo(BatchStatus.STOPPED);
      assertThat(
              status(
                  jdbc,
                  "SELECT STATUS FROM batch.BATCH_STEP_EXECUTION WHERE STEP_NAME = 'scoreWorkouts'"))
          .isEqualTo("STOPPED");
      assertThat(status(jdbc, "SELECT EXIT_CODE FROM batch.BATCH_JOB_EXECUTION"))
          .isEqualTo("STOPPED");
    }
  }

  @Test
  void aRunLeftStartedByAnotherProcessHoldsTheNight() throws Exception {
    try (TestDatabase db = withDemoData(TestDatabase.h2())) {
      long held;
      try (ConfigurableApplicationContext context = context(db.jdbcUrl())) {
        JobRepository repository = context.getBean(JobRepository.class);
        JobParameters parameters =
            new JobParametersBuilder().addString("by", "another process").toJobParameters();
        JobInstance instance = repository.createJobInstance("scoreBackfill", parameters);
        held = repository.createJobExecution(instance, parameters, new ExecutionContext()).getId();

        NightlyRun.Result result = context.getBean(NightlyRun.class).run(FIRST_NIGHT);
        assertThat(result.outcome()).isEqualTo("skipped");
        assertThat(result.skipped()).contains("scoreBackfill execution " + held);
      }
      Cli.Result once = Cli.run("schedule", "--once", "--database-url", db.jdbcUrl());
      assertThat(once.exitCode())
          .as(once.all())
          .isEqualTo(AthleteBatchCommand.EXIT_ALREADY_RUNNING);
      assertThat(once.out())
          .contains("skipped: scoreBackfill execution " + held + " is still running");
      assertThat(nightlyExecutions(db.jdbc())).isEmpty();
    }
  }

  @Test
  void badCronOrZoneIsAUsageError() {
    Cli.Result cron = Cli.run("schedule", "--cron", "0 2 * *");
    assertThat(cron.exitCode()).isEqualTo(2);
    assertThat(cron.err()).contains("--cron: '0 2 * *' is not a cron expression");
    Cli.Result zone = Cli.run("schedule", "--zone", "Mars/Olympus");
    assertThat(zone.exitCode()).isEqualTo(2);
    assertThat(zone.err()).contains("is not a time zone");
    Cli.Result date = Cli.run("schedule", "--date", "2026-11-20");
    assertThat(date.exitCode()).isEqualTo(2);
    assertThat(date.err()).contains("--date needs --once");
  }

  /**
   * schedule --partitions N: each night's steps split into N key ranges (here on threads; with
   * --broker on the workers, see RemoteWorkersTest), the nights ending as unpartitioned ones.
   * --broker without --partitions is a usage error, an unreachable broker a clear error naming it
   * without its password, before anything starts.
   */
  @Test
  void withPartitionsEachNightsStepsRunAsPartitions() throws Exception {
    try (TestDatabase db = withDemoData(TestDatabase.h2())) {
      JdbcTemplate jdbc = db.jdbc();
      Cli.Result night =
          Cli.run(
              "schedule",
              "--once",
              "--date",
              FIRST_NIGHT.toString(),
              "--partitions",
              "2",
              "--database-url",
              db.jdbcUrl());
      assertThat(night.exitCode()).as(night.all()).isZero();
      assertThat(night.all()).contains("Each night's steps run in 2 partitions on threads");
      assertThat(
              jdbc.queryForList(
                  "SELECT STEP_NAME FROM batch.BATCH_STEP_EXECUTION WHERE STATUS = 'COMPLETED'"
                      + " AND STEP_NAME LIKE '%:partition%'",
                  String.class))
          .containsExactlyInAnyOrder(
              "scoreWorkouts:partition0",
              "scoreWorkouts:partition1",
              "scoreNutrition:partition0",
              "scoreNutrition:partition1",
              "estimateCapabilities:partition0",
              "estimateCapabilities:partition1");
      assertThat(
              jdbc.queryForList(
                  "SELECT PARAMETER_VALUE FROM batch.BATCH_JOB_EXECUTION_PARAMS"
                      + " WHERE PARAMETER_NAME = 'partitions'",
                  String.class))
          .containsExactly("2", "2");
      assertThat(
              jdbc.queryForObject("SELECT count(DISTINCT user_id) FROM projections", Integer.class))
          .isEqualTo(
              jdbc.queryForObject("SELECT count(DISTINCT user_id) FROM events", Integer.class));
    }
    Cli.Result brokerAlone =
        Cli.run("schedule", "--once", "--broker", "amqp://someone:s3cret@127.0.0.1:1/vh");
    assertThat(brokerAlone.exitCode()).isEqualTo(2);
    assertThat(brokerAlone.err()).contains("--broker needs --partitions N");
    try (TestDatabase db = TestDatabase.h2()) {
      Cli.Result unreachable =
          Cli.run(
              "schedule",
              "--once",
              "--partitions",
              "2",
              "--broker",
              "amqp://someone:s3cret@127.0.0.1:1/vh",
              "--database-url",
              db.jdbcUrl());
      assertThat(unreachable.exitCode()).isEqualTo(1);
      assertThat(unreachable.err()).contains("cannot reach the broker").contains("127.0.0.1:1");
      assertThat(unreachable.all()).doesNotContain("s3cret");
      assertThat(
              db.jdbc()
                  .queryForObject(
                      "SELECT count(*) FROM information_schema.tables"
                          + " WHERE lower(table_name) = 'batch_job_execution'",
                      Integer.class))
          .as("nothing started")
          .isZero();
    }
  }
}
