package com.athletebatch.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the schedule tests share: a database with demo data, a context, the nights in the job
 * repository.
 */
final class ScheduleTestSupport {

  static final DemoOptions DEMO = new DemoOptions(6, 120, 60, 400, 5);
  static final LocalDate FIRST_NIGHT = LocalDate.of(2026, 11, 20);

  private ScheduleTestSupport() {}

  static TestDatabase withDemoData(TestDatabase db) {
    DomainSchema.createIfMissing(db.dataSource());
    new DemoDataGenerator().generate(db.dataSource(), DEMO);
    return db;
  }

  static ConfigurableApplicationContext context(String jdbcUrl, String... profiles) {
    DatabaseOptions options = new DatabaseOptions();
    options.databaseUrl = jdbcUrl;
    options.batchSchema = "batch";
    return ApplicationContexts.start(options, Map.of(), profiles);
  }

  /** One row per job execution of a night, oldest first. */
  record Execution(
      long id,
      String job,
      String date,
      String status,
      java.sql.Timestamp start,
      java.sql.Timestamp end) {}

  static List<Execution> nightlyExecutions(JdbcTemplate jdbc) {
    return jdbc.query(
        """
                SELECT e.JOB_EXECUTION_ID, i.JOB_NAME, p.PARAMETER_VALUE, e.STATUS, e.START_TIME, e.END_TIME
                FROM batch.BATCH_JOB_EXECUTION e
                JOIN batch.BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
                JOIN batch.BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
                 AND p.PARAMETER_NAME = 'nightly.date' AND p.IDENTIFYING = 'Y'
                ORDER BY e.JOB_EXECUTION_ID""",
        (rs, n) ->
            new Execution(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getTimestamp(5),
                rs.getTimestamp(6)));
  }

  /** The first value, or null when none (or the job-repository tables do not exist yet). */
  static String status(JdbcTemplate jdbc, String sql, Object... args) {
    try {
      List<String> rows = jdbc.queryForList(sql, String.class, args);
      return rows.isEmpty() ? null : rows.get(0);
    } catch (org.springframework.jdbc.BadSqlGrammarException notYet) {
      return null;
    }
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Call after the context started: Spring Boot resets the logging configuration at start. */
  static ListAppender<ILoggingEvent> captureLogs(
      ListAppender<ILoggingEvent> appender, Class<?>... loggers) {
    appender.start();
    for (Class<?> type : loggers) {
      ((Logger) LoggerFactory.getLogger(type)).addAppender(appender);
    }
    return appender;
  }

  static void release(ListAppender<ILoggingEvent> appender, Class<?>... loggers) {
    for (Class<?> type : loggers) {
      ((Logger) LoggerFactory.getLogger(type)).detachAppender(appender);
    }
  }

  static List<String> messages(ListAppender<ILoggingEvent> appender) {
    synchronized (appender) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  /** A clock one day further each time a night reads its date: every tick is a new night. */
  static final class NightClock extends Clock {
    private final AtomicInteger reads;
    private final ZoneId zone;

    NightClock() {
      this(new AtomicInteger(), ZoneOffset.UTC);
    }

    private NightClock(AtomicInteger reads, ZoneId zone) {
      this.reads = reads;
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new NightClock(reads, zone);
    }

    @Override
    public Instant instant() {
      return FIRST_NIGHT.plusDays(reads.getAndIncrement()).atTime(2, 0).atZone(zone).toInstant();
    }
  }
}
