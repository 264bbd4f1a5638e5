package com.athletebatch.benchmark;

import com.athletebatch.benchmark.CapabilityBaselines.Unit;
import com.athletebatch.benchmark.ScoreBaselines.Timed;
import com.athletebatch.capability.CapabilityEstimationJobConfiguration;
import com.athletebatch.capability.CapabilitySelection;
import com.athletebatch.database.DatabaseUrl;
import com.athletebatch.database.Dialect;
import com.athletebatch.database.RecommendedIndexes;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.operations.ApplicationContextStarter;
import com.athletebatch.operations.JobRunner;
import com.athletebatch.operations.RunSummary;
import com.athletebatch.scoring.EligibleRows;
import com.athletebatch.scoring.ScoreBackfillJobConfiguration;
import com.athletebatch.scoring.ScoreSelection;
import com.athletebatch.scoring.ScoreTable;
import com.athletebatch.step.RunClock;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One benchmark run: loads the demo data once into a template database, then measures, each on an
 * identical copy of it, the real jobs against the database's floor and the seeds' per-item patterns
 * (P1, P2), the jobs' heap in a separate JVM (P3) and a restart after a failure at 50 % (P4);
 * prints the Markdown table; drops every database it made.
 */
public final class Benchmark {

  /**
   * What to measure. {@code perItemSample} rows (half per table); {@code unitSampleUsers} users'
   * units.
   */
  public record Options(
      int workouts,
      int events,
      int users,
      int perItemSample,
      int unitSampleUsers,
      String maxHeap,
      int heapEventFactor,
      long seed,
      String broker,
      Set<String> rows,
      int llmRows) {

    public Options {
      rows = Set.copyOf(rows);
      for (String row : rows) {
        if (!ROWS.contains(row)) {
          throw new IllegalArgumentException(
              "no row " + row + "; the rows are " + String.join(", ", ROWS));
        }
      }
    }

    boolean wants(String row) {
      return rows.contains(row);
    }
  }

  /**
   * Every row, in the table's order; {@code P5n} is P5 without the recommended indexes (printed for
   * comparison).
   */
  public static final List<String> ROWS = List.of("P1", "P2", "P3", "P4", "P5", "P5n", "P6", "P7");

  /** P7's rows: half workouts, half nutrition days (1 s a call at concurrency 1: minutes). */
  public static final int DEFAULT_LLM_ROWS = 128;

  /** P6's broker unless --broker says otherwise: the local RabbitMQ's default account. */
  public static final String DEFAULT_BROKER = "amqp://guest:guest@127.0.0.1:5672/%2F";

  /** One row of the table: P1…P6; {@code met} null for a row without a target (P6). */
  record Row(
      String id,
      String what,
      String job,
      String floor,
      String perItem,
      String ratios,
      String target,
      Boolean met) {}

  private final DatabaseUrl server;
  private final Options options;
  private final PrintStream out;

  public Benchmark(DatabaseUrl server, Options options, PrintStream out) {
    this.server = server;
    this.options = options;
    this.out = out;
  }

  /** Runs every measurement and prints the table; returns the rows. */
  public List<Row> run() throws Exception {
    List<Row> rows = new ArrayList<>();
    double loadBefore = loadAverage();
    try (BenchmarkDatabases dbs = new BenchmarkDatabases(server, out)) {
      pgVersion = dbs.serverVersion();
      say("databases %s_* on %s", dbs.prefix(), server.display());
      boolean template0 =
          options.rows().stream().anyMatch(r -> !r.equals("P7")); // every row but P7 copies it
      String template = template0 ? dbs.create("t") : null;
      if (template != null) {
        DataSource templateDs = dbs.dataSource(template);
        DomainSchema.createIfMissing(templateDs);
        say(
            "loading %,d workouts, %,d nutrition days, %,d events over %,d users …",
            options.workouts(), options.workouts(), options.events(), options.users());
        say(
            "  %s",
            new DemoDataGenerator()
                .generate(
                    templateDs,
                    new DemoOptions(
                        options.users(),
                        options.workouts(),
                        options.workouts(),
                        options.events(),
                        options.seed())));
        // measured as recommended (doctor): the partial indexes of recommended-indexes.sql
        RecommendedIndexes.create(templateDs, List.of("Workout", "Nutrition"));
        new JdbcTemplate(templateDs).execute(BenchmarkQueries.VACUUM_ANALYZE);
      }

      if (options.wants("P1") || options.wants("P2") || options.wants("P4")) {
        DataSource templateDs = dbs.dataSource(template);
        ScoreSelection selection = defaultScoreSelection();
        Map<ScoreTable, Long> eligible =
            EligibleRows.count(templateDs, Dialect.POSTGRESQL, selection);
        long eligibleTotal = eligible.values().stream().mapToLong(Long::longValue).sum();

        // P2 first, then the P1 job (P4 compares its resumed run with it) on the same copy: the
        // jobs touch different tables. Not the other way round: after the write floor rewrites
        // every score row, autovacuum and the checkpoints of that work ran during P2 (a full-size
        // run measured the capability job at 16.1 s there against 9 s on a quiet copy).
        String a = dbs.copy("a", template);
        CapabilityMeasurements p2 =
            options.wants("P2")
                ? measureCapability(dbs.dataSource(a), dbs.urlWithCredentials(a))
                : null;
        JobRun scoreJob = null;
        double writeFloor = 0;
        double jobBytes = 0;
        java.time.LocalDateTime scoreStart = RunClock.nowUtc();
        if (options.wants("P1") || options.wants("P4")) {
          scoreJob = runScoreJob(dbs.urlWithCredentials(a));
          jobBytes = bytesWritten(dbs.dataSource(a));
        }
        double waitingFloor = 0;
        if (options.wants("P1")) {
          JdbcTemplate jobCopy = new JdbcTemplate(dbs.dataSource(a));
          for (ScoreTable table : ScoreTable.values()) {
            jobCopy.update(BenchmarkQueries.keepWritten(table), scoreStart);
          }
          say("P1 write floor: the job's rows rewritten with their values, one UPDATE per table …");
          writeFloor = eachTableTimed(jobCopy, BenchmarkQueries::rewriteJobsColumns, scoreStart);
          waitingFloor = writeFloorFromWaiting(dbs, template, a);
        }
        dbs.drop(a);

        if (options.wants("P1")) {
          // P1 floor, then the per-item sample, on a second copy.
          Map<ScoreTable, List<String>> sample = new EnumMap<>(ScoreTable.class);
          for (ScoreTable table : ScoreTable.values()) {
            sample.put(
                table,
                ScoreBaselines.sampleIds(
                    templateDs, table, selection, Math.max(1, options.perItemSample() / 2)));
          }
          String b = dbs.copy("b", template);
          DataSource bDs = dbs.dataSource(b);
          say("P1 floor: one UPDATE per table …");
          double floorSeconds = 0;
          long floorRows = 0;
          for (ScoreTable table : ScoreTable.values()) {
            Timed t = ScoreBaselines.floor(bDs, table, selection);
            say("  %s: %,d rows in %.1f s", table.tableName(), t.count(), t.seconds());
            floorSeconds += t.seconds();
            floorRows += t.count();
          }
          double floorBytes = bytesWritten(bDs);
          say("P1 per-item sample: one transaction per row …");
          double perItemScaled = 0;
          long sampled = 0;
          for (ScoreTable table : ScoreTable.values()) {
            Timed t = ScoreBaselines.perItem(bDs, table, sample.get(table), selection.asOf());
            say(
                "  %s: %,d rows in %.2f s (%.0f rows/s)",
                table.tableName(), t.count(), t.seconds(), t.perSecond());
            sampled += t.count();
            perItemScaled += t.count() == 0 ? 0 : t.seconds() / t.count() * eligible.get(table);
          }
          dbs.drop(b);
          measured(
              rows,
              p1(
                  eligibleTotal,
                  scoreJob,
                  writeFloor,
                  waitingFloor,
                  floorSeconds,
                  floorRows,
                  perItemScaled,
                  sampled,
                  jobBytes,
                  floorBytes));
        }
        if (p2 != null) {
          measured(rows, p2(p2));
        }

        if (options.wants("P4")) {
          // P4: a fault at the row halfway through the job's work; the same command again after
          // removing it.
          List<FaultPoint> faults = FaultPoint.atHalf(templateDs, selection, eligible);
          String c = dbs.copy("c", template);
          measured(rows, p4(dbs, c, faults, scoreJob));
          dbs.drop(c);
        }
      }

      // P5: the nightly cost, with the recommended indexes and without them.
      if (options.wants("P5")) {
        measured(rows, p5(nightly(dbs, template, true), true));
      }
      if (options.wants("P5n")) {
        measured(rows, p5(nightly(dbs, template, false), false));
      }

      // P6: the capability estimation in 1 JVM, on 2 threads, on 2 worker JVMs.
      if (options.wants("P6")) {
        measured(rows, p6(dbs, template));
      }

      // P7: the llm scorer against the stub provider, at concurrency 1 and 32.
      if (options.wants("P7")) {
        measured(rows, new LlmBenchmark(out).run(dbs, options.llmRows(), options.seed()));
      }

      // P3 last: it drops the template to load its own, larger event table.
      if (options.wants("P3")) {
        // both real commands in a JVM with -Xmx…; the capability job at heapEventFactor × M
        // events.
        String d = dbs.copy("d", template);
        say("P3: run scoreBackfill with -Xmx%s in a separate JVM …", options.maxHeap());
        ForkedRun.Result scoreFork =
            ForkedRun.run(
                options.maxHeap(),
                dbs.urlWithCredentials(d),
                "run",
                ScoreBackfillJobConfiguration.JOB_NAME);
        dbs.drop(d);
        dbs.drop(template);
        int heapEvents = options.events() * options.heapEventFactor();
        String e = dbs.create("e");
        DataSource eDs = dbs.dataSource(e);
        DomainSchema.createIfMissing(eDs);
        say("P3: loading %,d events over %,d users …", heapEvents, options.users());
        new DemoDataGenerator()
            .generate(eDs, new DemoOptions(options.users(), 0, 0, heapEvents, options.seed()));
        say("P3: run capabilityEstimation with -Xmx%s in a separate JVM …", options.maxHeap());
        ForkedRun.Result capabilityFork =
            ForkedRun.run(
                options.maxHeap(),
                dbs.urlWithCredentials(e),
                "run",
                CapabilityEstimationJobConfiguration.JOB_NAME);
        dbs.drop(e);
        measured(rows, p3(scoreFork, capabilityFork, heapEvents));
      }
    }
    // the table's order, whatever order they were measured in
    rows.sort(
        java.util.Comparator.comparingInt(
            r -> ROWS.indexOf(r.id().startsWith("P5 (") ? "P5n" : r.id())));
    printTable(rows, loadBefore);
    return rows;
  }

  // ---- P6 ------------------------------------------------------------------------------------

  private Row p6(BenchmarkDatabases dbs, String template) throws Exception {
    DataSource templateDs = dbs.dataSource(template);
    JdbcTemplate jdbc = new JdbcTemplate(templateDs);
    long events = jdbc.queryForObject(BenchmarkQueries.COUNT_CAPABILITY_EVENTS, Long.class);
    long users = jdbc.queryForObject(BenchmarkQueries.COUNT_CAPABILITY_USERS, Long.class);
    ScaleOutBenchmark scaleOut = new ScaleOutBenchmark(options.broker(), out);
    String a = dbs.copy("p6a", template);
    ScaleOutBenchmark.Run one = scaleOut.inThisJvm("1 JVM", dbs.urlWithCredentials(a), 0);
    dbs.drop(a);
    String b = dbs.copy("p6b", template);
    ScaleOutBenchmark.Run threads =
        scaleOut.inThisJvm("--partitions 2 (threads)", dbs.urlWithCredentials(b), 2);
    dbs.drop(b);
    String c = dbs.copy("p6c", template);
    ScaleOutBenchmark.Run workers =
        scaleOut.remote(
            "2 worker JVMs",
            dbs.urlWithCredentials(c),
            "p6_" + dbs.prefix().replace("athlete_bench_", ""),
            2);
    dbs.drop(c);
    return ScaleOutBenchmark.row(events, users, one, threads, workers);
  }

  // ---- P1 ------------------------------------------------------------------------------------

  /**
   * The database's cost of exactly the change the job made: the job's values (kept on {@code
   * jobCopy} before the write floor) written into a fresh copy's rows, still waiting as the job
   * found them, one UPDATE per table, no computation and nothing else read. Unlike the write
   * floor's rewrite of values already there, this changes indexed columns ("overallScore" leaves
   * NULL), so every index of the table gets a new entry, and it writes the explanations and the
   * analysis anew instead of keeping their stored (TOASTed) values.
   */
  private double writeFloorFromWaiting(BenchmarkDatabases dbs, String template, String jobCopy)
      throws Exception {
    String w = dbs.copy("w", template);
    DataSource to = dbs.dataSource(w);
    JdbcTemplate jdbc = new JdbcTemplate(to);
    for (ScoreTable table : ScoreTable.values()) {
      jdbc.execute(BenchmarkQueries.writtenValuesTable(table));
      BenchmarkDatabases.copyRows(
          dbs.dataSource(jobCopy),
          BenchmarkQueries.copyOutWritten(table),
          to,
          BenchmarkQueries.copyInWritten(table));
      jdbc.execute(BenchmarkQueries.analyzeWritten(table));
    }
    say(
        "P1 write floor from the waiting rows: the job's values into a fresh copy, one UPDATE per"
            + " table …");
    double seconds = eachTableTimed(jdbc, BenchmarkQueries::writeFromKept);
    dbs.drop(w);
    return seconds;
  }

  /** One UPDATE per table, one after the other, each timed and reported; the seconds in all. */
  private double eachTableTimed(
      JdbcTemplate jdbc, Function<ScoreTable, String> update, Object... args) {
    double seconds = 0;
    for (ScoreTable table : ScoreTable.values()) {
      long start = System.nanoTime();
      int n = jdbc.update(update.apply(table), args);
      double t = ScoreBaselines.seconds(start);
      say("  %s: %,d rows in %.1f s", table.tableName(), n, t);
      seconds += t;
    }
    return seconds;
  }

  private Row p1(
      long eligible,
      JobRun job,
      double writeFloor,
      double waitingFloor,
      double floorSeconds,
      long floorRows,
      double perItemSeconds,
      long sampled,
      double jobBytes,
      double floorBytes) {
    double jobFloor = job.seconds() / floorSeconds;
    double jobWriteFloor = job.seconds() / writeFloor;
    double perItemJob = perItemSeconds / job.seconds();
    double cpuPerRow = job.cpuSeconds() * 1e6 / Math.max(1, eligible);
    boolean met = job.completed() && jobWriteFloor <= 1.5 && cpuPerRow <= 30;
    return new Row(
        "P1",
        String.format(
            Locale.ROOT,
            "score backfill, %,d workouts + %,d nutrition days (%,d eligible)",
            options.workouts(),
            options.workouts(),
            eligible),
        String.format(
            Locale.ROOT,
            "%s %s, %,.0f rows/s (JVM CPU %s, %.0f µs/row)",
            job.status(),
            secs(job.seconds()),
            eligible / job.seconds(),
            secs(job.cpuSeconds()),
            cpuPerRow),
        String.format(
            Locale.ROOT,
            "write floor %s (the job's rows rewritten, one UPDATE per table); from the waiting"
                + " rows %s (the job's values into a fresh copy's waiting rows, one UPDATE per"
                + " table); computed floor %s,"
                + " %,.0f rows/s (%,d rows; %.0f vs job's %.0f bytes written/row)",
            secs(writeFloor),
            secs(waitingFloor),
            secs(floorSeconds),
            floorRows / floorSeconds,
            floorRows,
            floorBytes,
            jobBytes),
        String.format(
            Locale.ROOT,
            "%s est. (%,d-row sample, %,.0f rows/s)",
            secs(perItemSeconds),
            sampled,
            eligible / perItemSeconds),
        String.format(
            Locale.ROOT,
            "job/write-floor %.2f (job/write floor from the waiting rows %.2f); CPU %.0f µs/row;"
                + " job/computed floor %.2f; per-item/job %.1f (per-item/floor %.1f)",
            jobWriteFloor,
            job.seconds() / waitingFloor,
            cpuPerRow,
            jobFloor,
            perItemJob,
            perItemSeconds / floorSeconds),
        "job/write-floor ≤ 1.5, JVM CPU ≤ 30 µs/row",
        met);
  }

  private double bytesWritten(DataSource ds) {
    double sum = 0;
    for (ScoreTable table : ScoreTable.values()) {
      sum += ScoreBaselines.writtenBytes(ds, table);
    }
    return sum / ScoreTable.values().length;
  }

  // ---- P2 ------------------------------------------------------------------------------------

  record CapabilityMeasurements(
      long events, long users, long units, Timed read, Timed upsert, Timed perUnit, JobRun job) {}

  private CapabilityMeasurements measureCapability(DataSource ds, String url) throws Exception {
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    long events = jdbc.queryForObject(BenchmarkQueries.COUNT_CAPABILITY_EVENTS, Long.class);
    long users = jdbc.queryForObject(BenchmarkQueries.COUNT_CAPABILITY_USERS, Long.class);
    long units = jdbc.queryForObject(BenchmarkQueries.COUNT_USER_TYPE_UNITS, Long.class);
    OffsetDateTime asOf = RunClock.nowUtc().atOffset(java.time.ZoneOffset.UTC);
    List<Unit> sampleUnits = CapabilityBaselines.sampleUnits(ds, options.unitSampleUsers());

    say("P2 floor: one streaming read of %,d capability events …", events);
    CapabilityBaselines.streamEvents(
        ds); // warm-up: the job and the floor both start from a warm cache
    Timed read = CapabilityBaselines.streamEvents(ds);
    say("  read %,d rows in %.1f s", read.count(), read.seconds());

    say(
        "P2 kura pattern: %,d (user, event type) units of %d users …",
        sampleUnits.size(), options.unitSampleUsers());
    Timed perUnit = CapabilityBaselines.perUnit(ds, sampleUnits, asOf);
    say("  %,d units in %.2f s", perUnit.count(), perUnit.seconds());
    jdbc.execute(BenchmarkQueries.TRUNCATE_PROJECTIONS);
    jdbc.execute(BenchmarkQueries.VACUUM_ANALYZE);

    JobRun job = runCapabilityJob(url, false);

    say("P2 floor: the job's own projection rows upserted again in one statement …");
    Timed upsert = CapabilityBaselines.bulkUpsert(ds, CapabilityBaselines.projections(ds));
    say("  upserted %,d rows in %.1f s", upsert.count(), upsert.seconds());
    return new CapabilityMeasurements(events, users, units, read, upsert, perUnit, job);
  }

  private Row p2(CapabilityMeasurements m) {
    double floor = m.read().seconds() + m.upsert().seconds();
    double perUnitScaled =
        m.perUnit().count() == 0 ? 0 : m.perUnit().seconds() / m.perUnit().count() * m.units();
    double jobFloor = m.job().seconds() / floor;
    double perUnitJob = perUnitScaled / m.job().seconds();
    double cpuPerEvent = m.job().cpuSeconds() * 1e6 / Math.max(1, m.events());
    boolean met = m.job().completed() && jobFloor <= 1.25 && cpuPerEvent <= 8;
    return new Row(
        "P2",
        String.format(
            Locale.ROOT,
            "capability estimation, %,d capability events of %,d users",
            m.events(),
            m.users()),
        String.format(
            Locale.ROOT,
            "%s %s, %,.0f events/s (JVM CPU %s, %.1f µs/event)",
            m.job().status(),
            secs(m.job().seconds()),
            m.events() / m.job().seconds(),
            secs(m.job().cpuSeconds()),
            cpuPerEvent),
        String.format(
            Locale.ROOT,
            "%s (read %s + one upsert of the job's %,d rows %s)",
            secs(floor),
            secs(m.read().seconds()),
            m.upsert().count(),
            secs(m.upsert().seconds())),
        String.format(
            Locale.ROOT,
            "%s est. (%,d units; sample of %,d, %.1f ms/unit)",
            secs(perUnitScaled),
            m.units(),
            m.perUnit().count(),
            m.perUnit().count() == 0 ? 0 : m.perUnit().seconds() * 1000 / m.perUnit().count()),
        String.format(
            Locale.ROOT,
            "job/floor %.2f; per-unit/job %.1f (per-unit/floor %.1f)",
            jobFloor,
            perUnitJob,
            perUnitScaled / floor),
        "job/floor ≤ 1.25, JVM CPU ≤ 8 µs/event",
        met);
  }

  // ---- P3 ------------------------------------------------------------------------------------

  private Row p3(ForkedRun.Result score, ForkedRun.Result capability, int heapEvents) {
    for (ForkedRun.Result r : List.of(score, capability)) {
      if (!r.passed()) {
        out.println("P3 run output (last lines):");
        String[] lines = r.output().split("\\R");
        for (int i = Math.max(0, lines.length - 30); i < lines.length; i++) {
          out.println("  " + lines[i]);
        }
      }
    }
    return new Row(
        "P3",
        String.format(
            Locale.ROOT,
            "peak heap at -Xmx%s: scoreBackfill on %,d + %,d rows,"
                + " capabilityEstimation on %,d events",
            options.maxHeap(),
            options.workouts(),
            options.workouts(),
            heapEvents),
        String.format(Locale.ROOT, "score %s; capability %s", forked(score), forked(capability)),
        "",
        "",
        "",
        "passes at " + options.maxHeap(),
        score.passed() && capability.passed());
  }

  private static String forked(ForkedRun.Result r) {
    String outcome =
        r.passed()
            ? "COMPLETED"
            : (r.outOfMemory() ? "OutOfMemoryError" : "FAILED (exit " + r.exitCode() + ")");
    return outcome
        + (r.peakHeapMb() == null ? "" : ", peak " + r.peakHeapMb() + " MB")
        + ", "
        + secs(r.seconds())
        + " with JVM start";
  }

  // ---- P4 ------------------------------------------------------------------------------------

  /**
   * The eligible row halfway through each table's rows in the job's order (by id): the job scores
   * its two tables side by side, so failing each at its median fails the job at 50 % of its work.
   */
  record FaultPoint(ScoreTable table, String id, long position, long total) {
    static List<FaultPoint> atHalf(
        DataSource ds, ScoreSelection selection, Map<ScoreTable, Long> eligible) {
      List<FaultPoint> points = new ArrayList<>();
      for (ScoreTable table : ScoreTable.values()) {
        long total = eligible.get(table);
        if (total > 1) {
          points.add(
              new FaultPoint(
                  table,
                  ScoreBaselines.eligibleIdAt(ds, table, selection, total / 2),
                  total / 2,
                  total));
        }
      }
      return points;
    }
  }

  private Row p4(BenchmarkDatabases dbs, String database, List<FaultPoint> faults, JobRun full)
      throws Exception {
    JdbcTemplate jdbc = new JdbcTemplate(dbs.dataSource(database));
    List<String> where = new ArrayList<>();
    for (FaultPoint fault : faults) {
      jdbc.update(BenchmarkQueries.clearJson(fault.table()), fault.id());
      jdbc.execute(BenchmarkQueries.addFault(fault.table(), fault.id()));
      where.add(
          String.format(
              Locale.ROOT,
              "%s row %,d of %,d",
              fault.table().tableName(),
              fault.position() + 1,
              fault.total()));
    }
    say("P4: a write fault on %s; run the job …", String.join(" and ", where));
    String url = dbs.urlWithCredentials(database);
    JobRun failed = runScoreJob(url);
    for (FaultPoint fault : faults) {
      jdbc.execute(BenchmarkQueries.dropFault(fault.table()));
    }
    say("P4: faults removed; the same command again …");
    JobRun resumed = runScoreJob(url);
    double ratio = resumed.seconds() / full.seconds();
    boolean met =
        failed.status() == BatchStatus.FAILED
            && resumed.completed()
            && resumed.resumed()
            && ratio <= 0.55;
    return new Row(
        "P4",
        "restart after a failure at 50 %: a write fault on " + String.join(" and ", where),
        String.format(
            Locale.ROOT,
            "first run %s after %s; resumed run %s%s in %s",
            failed.status(),
            secs(failed.seconds()),
            resumed.status(),
            resumed.resumed() ? " (restarted)" : " (NOT restarted)",
            secs(resumed.seconds())),
        String.format(Locale.ROOT, "full run %s (P1)", secs(full.seconds())),
        "",
        String.format(Locale.ROOT, "resumed/full %.2f", ratio),
        "≤ 0.55",
        met);
  }

  // ---- P5 ------------------------------------------------------------------------------------

  /** Job times (s) of P5's runs: full, nothing new, 1 % new, nothing new at 10 × N history. */
  record Nightly(
      JobRun fullScore,
      JobRun fullCapability,
      JobRun nothingScore,
      JobRun nothingCapability,
      JobRun newScore,
      JobRun newCapability,
      JobRun nothingScore10,
      JobRun nothingCapability10,
      long newRows,
      long newEvents) {}

  /**
   * After a full run of both jobs: a nightly run with nothing new; 1 % new rows per table and new
   * events for 1 % of users, then a nightly run; the history grown to 10 × N (older copies, already
   * scored, events with older UUIDv7 ids), then a nightly run with nothing new. The nightly mode is
   * the score backfill's default selection and the capability estimation's --changed-only.
   */
  private Nightly nightly(BenchmarkDatabases dbs, String template, boolean indexes)
      throws Exception {
    String db = dbs.copy(indexes ? "p5i" : "p5n", template);
    DataSource ds = dbs.dataSource(db);
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    if (!indexes) {
      for (RecommendedIndexes.Index i : RecommendedIndexes.all()) {
        jdbc.execute("DROP INDEX IF EXISTS \"" + i.name() + "\"");
      }
    }
    // The demo dates some events (and so their UUIDv7 ids) later today, to exercise --as-of; a live
    // kura's ids come from its writers' clocks. Left in, they would be new to every night until
    // their time passes (ChangeWatermark's watermark stops at the run's as-of).
    jdbc.update(BenchmarkQueries.DELETE_FUTURE_EVENTS);
    String url = dbs.urlWithCredentials(db);
    say("P5 (%s recommended indexes): full runs …", indexes ? "with" : "without");
    JobRun fullScore = runScoreJob(url);
    JobRun fullCapability = runCapabilityJob(url, false);
    jdbc.execute(BenchmarkQueries.VACUUM_ANALYZE);
    say("P5: nothing new …");
    JobRun nothingScore = runScoreJob(url);
    JobRun nothingCapability = runCapabilityJob(url, true);
    long eventsBefore = jdbc.queryForObject("SELECT count(*) FROM events", Long.class);
    long rowsBefore = rows(jdbc);
    for (ScoreTable table : ScoreTable.values()) {
      BenchmarkQueries.copyRows(table, "bench-new", 100, true, 20_000).forEach(jdbc::execute);
    }
    long capabilityUsers = jdbc.queryForObject(BenchmarkQueries.COUNT_CAPABILITY_USERS, Long.class);
    jdbc.update(BenchmarkQueries.newEvents(), Math.max(1, capabilityUsers / 100));
    long newRows = rows(jdbc) - rowsBefore;
    long newEvents = jdbc.queryForObject("SELECT count(*) FROM events", Long.class) - eventsBefore;
    jdbc.execute("ANALYZE");
    say("P5: %,d new rows, %,d new events …", newRows, newEvents);
    JobRun newScore = runScoreJob(url);
    JobRun newCapability = runCapabilityJob(url, true);
    say("P5: history grown to 10 × N …");
    java.sql.Timestamp firstEvent =
        jdbc.queryForObject("SELECT min(timestamp) FROM events", java.sql.Timestamp.class);
    // each generation one span of the original events (plus a day) further back
    long span =
        jdbc.queryForObject(
            "SELECT CAST(extract(epoch FROM max(timestamp) - min(timestamp)) * 1000 AS bigint)"
                + " + 86400000 FROM events",
            Long.class);
    for (int k = 1; k <= 9; k++) {
      for (ScoreTable table : ScoreTable.values()) {
        BenchmarkQueries.copyRows(table, "bench-h" + k, 1, false, k * 40_000)
            .forEach(jdbc::execute);
      }
      jdbc.update(BenchmarkQueries.olderEvents(), k * span, k * span, firstEvent);
    }
    jdbc.execute(BenchmarkQueries.VACUUM_ANALYZE);
    say("P5: nothing new at 10 × N …");
    JobRun nothingScore10 = runScoreJob(url);
    JobRun nothingCapability10 = runCapabilityJob(url, true);
    dbs.drop(db);
    return new Nightly(
        fullScore,
        fullCapability,
        nothingScore,
        nothingCapability,
        newScore,
        newCapability,
        nothingScore10,
        nothingCapability10,
        newRows,
        newEvents);
  }

  private static long rows(JdbcTemplate jdbc) {
    return jdbc.queryForObject(
        "SELECT (SELECT count(*) FROM \"Workout\") + (SELECT count(*) FROM \"Nutrition\")",
        Long.class);
  }

  private Row p5(Nightly n, boolean indexes) {
    double extraScore =
        (n.newScore().seconds() - n.nothingScore().seconds()) / n.fullScore().seconds();
    double extraCapability =
        (n.newCapability().seconds() - n.nothingCapability().seconds())
            / n.fullCapability().seconds();
    double nothingWorst =
        Math.max(
            Math.max(n.nothingScore().seconds(), n.nothingCapability().seconds()),
            Math.max(n.nothingScore10().seconds(), n.nothingCapability10().seconds()));
    boolean completed =
        List.of(
                n.fullScore(),
                n.fullCapability(),
                n.nothingScore(),
                n.nothingCapability(),
                n.newScore(),
                n.newCapability(),
                n.nothingScore10(),
                n.nothingCapability10())
            .stream()
            .allMatch(JobRun::completed);
    boolean met = completed && extraScore <= 0.03 && extraCapability <= 0.03 && nothingWorst <= 1;
    return new Row(
        indexes ? "P5" : "P5 (no rec. indexes)",
        String.format(
            Locale.ROOT,
            "nightly cost %s the recommended indexes: after full runs, %,d new rows and %,d new"
                + " events (1 %% of users), then nothing new at N and at 10 × N history",
            indexes ? "with" : "without",
            n.newRows(),
            n.newEvents()),
        String.format(
            Locale.ROOT,
            "%s; score: full %s, nothing new %s, 1 %% new %s, nothing new at 10×N %s;"
                + " capability: full %s, nothing new %s, 1 %% new %s, nothing new at 10×N %s",
            completed ? "all COMPLETED" : "NOT all COMPLETED",
            secs(n.fullScore().seconds()),
            secs(n.nothingScore().seconds()),
            secs(n.newScore().seconds()),
            secs(n.nothingScore10().seconds()),
            secs(n.fullCapability().seconds()),
            secs(n.nothingCapability().seconds()),
            secs(n.newCapability().seconds()),
            secs(n.nothingCapability10().seconds())),
        "",
        "",
        String.format(
            Locale.ROOT,
            "extra cost of 1 %% new / full run: score %.1f %%, capability %.1f %%;"
                + " nothing new at most %s",
            100 * extraScore,
            100 * extraCapability,
            secs(nothingWorst)),
        indexes
            ? "extra ≤ 3 % of the full run; nothing new ≤ 1 s at N and 10 × N"
            : "printed for comparison (the target is with the indexes)",
        met);
  }

  // ---- the real jobs -------------------------------------------------------------------------

  /**
   * A job run: status, wall time around the launch, this JVM's CPU time meanwhile (all threads).
   */
  record JobRun(BatchStatus status, double seconds, boolean resumed, double cpuSeconds) {
    boolean completed() {
      return status == BatchStatus.COMPLETED;
    }
  }

  static ScoreSelection defaultScoreSelection() {
    return new ScoreSelection(
        false, null, null, null, RunClock.nowUtc(), ScoreSelection.DEFAULT_CHUNK_SIZE);
  }

  private JobRun runScoreJob(String url) throws Exception {
    say("run scoreBackfill …");
    return runJob(
        url, ScoreBackfillJobConfiguration.JOB_NAME, defaultScoreSelection().toParameters(), null);
  }

  private JobRun runCapabilityJob(String url, boolean changedOnly) throws Exception {
    say("run capabilityEstimation%s …", changedOnly ? " --changed-only" : "");
    CapabilitySelection selection =
        new CapabilitySelection(
            CapabilitySelection.DEFAULT_SOURCE,
            List.of(),
            changedOnly,
            RunClock.nowUtc(),
            CapabilitySelection.DEFAULT_CHUNK_SIZE);
    return runJob(
        url,
        CapabilityEstimationJobConfiguration.JOB_NAME,
        selection.toParameters(),
        CapabilitySelection.SOURCE);
  }

  /** The job as its command runs it (same beans, same launcher); timed around the launch. */
  private JobRun runJob(
      String url, String jobName, JobParametersBuilder parameters, String exclusiveBy)
      throws Exception {
    try (ConfigurableApplicationContext context =
        ApplicationContextStarter.start(DatabaseUrl.parse(url), "batch", java.util.Map.of())) {
      Job job = context.getBean(jobName, Job.class);
      JobRunner runner = context.getBean(JobRunner.class);
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      JobRunner.Launch launch = runner.launch(job, parameters, exclusiveBy);
      double seconds = ScoreBaselines.seconds(start);
      double cpu = (processCpuNanos() - cpuStart) / 1e9;
      if (!(launch instanceof JobRunner.Launch.Ran ran)) {
        throw new IllegalStateException(jobName + " did not start: a run is already going");
      }
      JobExecution execution = ran.execution();
      RunSummary.print(execution, out);
      return new JobRun(execution.getStatus(), seconds, ran.resumed(), cpu);
    }
  }

  // ---- output --------------------------------------------------------------------------------

  private void printTable(List<Row> rows, double loadBefore) {
    Runtime runtime = Runtime.getRuntime();
    long ramGb = Math.round(totalMemoryBytes() / (1024.0 * 1024 * 1024));
    out.println();
    out.printf(
        Locale.ROOT,
        "Benchmark: N = %,d workouts and %,d nutrition days, M = %,d events, U = %,d users;"
            + " %d cores, %d GB RAM, %s; load average %.1f before, %.1f after%n",
        options.workouts(),
        options.workouts(),
        options.events(),
        options.users(),
        runtime.availableProcessors(),
        ramGb,
        serverDescription(),
        loadBefore,
        loadAverage());
    out.println();
    out.println("| row | what | job | floor | seed pattern | ratios | target | met |");
    out.println("|---|---|---|---|---|---|---|---|");
    for (Row r : rows) {
      out.println(markdown(r));
    }
    out.println();
  }

  private static String markdown(Row r) {
    return String.format(
        "| %s | %s | %s | %s | %s | %s | %s | %s |",
        r.id(),
        r.what(),
        r.job(),
        blank(r.floor()),
        blank(r.perItem()),
        blank(r.ratios()),
        r.target(),
        r.met() == null ? "—" : r.met() ? "yes" : "no");
  }

  private String pgVersion;

  private String serverDescription() {
    return pgVersion == null ? "PostgreSQL" : "PostgreSQL " + pgVersion;
  }

  private static String blank(String s) {
    return s == null || s.isEmpty() ? "—" : s;
  }

  private static String secs(double seconds) {
    return String.format(
        Locale.ROOT, seconds >= 100 ? "%.0f s" : (seconds >= 10 ? "%.1f s" : "%.2f s"), seconds);
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static long totalMemoryBytes() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getTotalMemorySize();
    }
    return 0;
  }

  /**
   * Adds a measured row and prints it at once, so that a long run that is stopped later still shows
   * what it measured.
   */
  private void measured(List<Row> rows, Row row) {
    rows.add(row);
    say("measured: %s", markdown(row));
  }

  private void say(String format, Object... args) {
    out.printf(Locale.ROOT, "benchmark: " + format + "%n", args);
  }
}
