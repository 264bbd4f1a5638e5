package com.athletebatch.demo;

import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DemoCatalog.Exercise;
import com.athletebatch.demo.DemoCatalog.Food;
import com.athletebatch.demo.DemoCatalog.Lift;
import com.athletebatch.scoring.AnalysisStatus;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Fills the domain tables with realistic, reproducible demo athletes: Coach Watts {@code "User"},
 * {@code "Exercise"}, {@code "PlannedWorkout"}, {@code "Workout"} (rides, runs, strength sessions
 * with {@code "WorkoutExercise"}/{@code "WorkoutSet"}, a few swims/walks/yoga), {@code "Nutrition"}
 * days, and kura {@code users} (the same athletes, same UUIDs) with their {@code events}.
 *
 * <h2>Reproducibility</h2>
 *
 * Every value comes from {@link SplittableRandom} streams seeded from {@link DemoOptions#seed()},
 * one stream per (table, athlete), and every id from {@link UUID#nameUUIDFromBytes} over the seed
 * and the row's position (event ids are UUIDv7-shaped: their first 48 bits are the event time).
 * Dates are relative to an anchor date: {@link #generate(DataSource, DemoOptions, LocalDate)} takes
 * it, {@link #generate(DataSource, DemoOptions)} uses today (UTC). Past rows fall in the 365 days
 * before the anchor date (nutrition days go further back when an athlete has more than ~300 of
 * them); about 1 % are dated 1–3 weeks after it. Same options + same anchor give the same rows.
 *
 * <h2>What is in it</h2>
 *
 * Nearly all {@code "Workout"}/{@code "Nutrition"} rows have {@code "overallScore"} NULL; the
 * {@code "aiAnalysisStatus"} is mostly {@code NOT_STARTED}, some {@code COMPLETED} with a null
 * score, some {@code FAILED} / {@code QUOTA_EXCEEDED} / {@code PENDING} / {@code PROCESSING}, and
 * ~4 % already scored (COMPLETED with scores, to be left alone). About 1–2 % are odd: empty rows
 * (durationSec 0, no metrics; nutrition days with nothing logged), malformed values (negative or
 * impossible heart rate or power, NaN / Infinity in a float8 metric, negative calories), meal JSON
 * that is a bare string or an object instead of a list, and future-dated rows. kura events cover
 * {@code set.logged}, {@code session.logged} (strength, sprint, interval endurance, plyometric
 * blocks), {@code set.corrected} (a few with a missing target), {@code event.retracted}, {@code
 * external.activity_imported} (nested workout and sets), non-capability types ({@code
 * bodyweight.logged}, {@code meal.logged}, {@code sleep.logged}) and ~1.5 % malformed events; about
 * 8 % of athletes have no capability events at all.
 *
 * <h2>Volume</h2>
 *
 * Rows are generated and inserted in JDBC batches ({@link BatchInserter}, default 1000 rows, one
 * commit per flush); nothing but the athlete list is held in memory, so millions of rows are fine.
 * Running it twice with the same seed on one database fails fast (the ids would collide); use
 * another seed.
 */
public final class DemoDataGenerator {

  static final String[] WORKOUT_STATUSES_RARE =
      AnalysisStatus.names(AnalysisStatus.IN_PROGRESS).toArray(String[]::new);

  private final int batchSize;

  public DemoDataGenerator() {
    this(1000);
  }

  public DemoDataGenerator(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1");
    }
    this.batchSize = batchSize;
  }

  /** Generates with today's date (UTC) as the anchor. */
  public DemoReport generate(DataSource dataSource, DemoOptions options) {
    return generate(dataSource, options, LocalDate.now(ZoneOffset.UTC));
  }

  /**
   * Generates the demo rows into existing domain tables (see {@link DomainSchema#createIfMissing}).
   * Past rows are dated before {@code anchorDate}, future-dated rows after it.
   */
  public DemoReport generate(DataSource dataSource, DemoOptions options, LocalDate anchorDate) {
    long started = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      Dialect dialect = Dialect.of(connection);
      Run run = new Run(options, anchorDate);
      run.refuseIfPresent(connection);
      Map<String, Long> counts;
      try (BatchInserter inserter = new BatchInserter(connection, dialect, batchSize)) {
        run.insertAll(inserter);
        inserter.flush();
        counts = inserter.counts();
      }
      if (dialect == Dialect.POSTGRESQL) {
        // Fresh bulk-loaded tables have no statistics until autovacuum gets to them; without
        // them the planner picks sequential scans for the jobs' per-row subqueries.
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (var statement = connection.createStatement()) {
          statement.execute("ANALYZE");
        } finally {
          connection.setAutoCommit(autoCommit);
        }
      }
      return new DemoReport(
          counts, anchorDate, options.seed(), Duration.ofNanos(System.nanoTime() - started));
    } catch (SQLException e) {
      throw new IllegalStateException("Demo data generation failed: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** One athlete's profile: the stored (possibly missing) values and the true ones behind them. */
  record Athlete(
      int index,
      UUID id,
      String name,
      String email,
      boolean female,
      String storedSex,
      double weight,
      Double storedWeight,
      double ftp,
      Integer storedFtp,
      double maxHr,
      Integer storedMaxHr,
      double restingHr,
      Integer storedRestingHr,
      Integer storedLthr,
      LocalDateTime dob,
      int heightCm,
      String timezone,
      String country,
      double squat,
      double bench,
      double deadlift,
      double press,
      double thresholdSpeed,
      double sprintSpeed,
      double jumpCm,
      LocalDateTime createdAt,
      double workoutWeight,
      double nutritionWeight,
      double eventWeight) {

    String idText() {
      return id.toString();
    }

    double oneRepMax(Lift lift) {
      switch (lift) {
        case SQUAT:
          return squat;
        case BENCH:
          return bench;
        case DEADLIFT:
          return deadlift;
        case PRESS:
          return press;
        default:
          return 0;
      }
    }
  }

  /** State of one generation run. */
  static final class Run {
    final DemoOptions options;
    final long seed;
    final LocalDate anchor;
    final LocalDateTime anchorStart;
    final List<Athlete> athletes = new ArrayList<>();
    final String[] exerciseIds = new String[DemoCatalog.EXERCISES.length];

    Run(DemoOptions options, LocalDate anchor) {
      this.options = options;
      this.seed = options.seed();
      this.anchor = anchor;
      this.anchorStart = anchor.atStartOfDay();
      for (int i = 0; i < options.users(); i++) {
        athletes.add(athlete(i));
      }
      for (int i = 0; i < exerciseIds.length; i++) {
        exerciseIds[i] = id("exercise", i, 0);
      }
    }

    void refuseIfPresent(Connection connection) throws SQLException {
      try (PreparedStatement ps = connection.prepareStatement(DemoSql.USER_EXISTS)) {
        ps.setString(1, athletes.get(0).idText());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getLong(1) > 0) {
            throw new IllegalStateException(
                "Demo data for seed "
                    + seed
                    + " is already in this database; use another --seed or a fresh database");
          }
        }
      }
    }

    void insertAll(BatchInserter inserter) throws SQLException {
      BatchInserter.Table users = inserter.table(DemoSql.INSERT_USER);
      BatchInserter.Table kuraUsers = inserter.table(DemoSql.INSERT_KURA_USER);
      BatchInserter.Table exercises = inserter.table(DemoSql.INSERT_EXERCISE);
      BatchInserter.Table planned = inserter.table(DemoSql.INSERT_PLANNED_WORKOUT);
      BatchInserter.Table workouts = inserter.table(DemoSql.INSERT_WORKOUT);
      BatchInserter.Table workoutExercises = inserter.table(DemoSql.INSERT_WORKOUT_EXERCISE);
      BatchInserter.Table sets = inserter.table(DemoSql.INSERT_WORKOUT_SET);
      BatchInserter.Table nutrition = inserter.table(DemoSql.INSERT_NUTRITION);
      BatchInserter.Table events = inserter.table(DemoSql.INSERT_EVENT);

      for (Athlete a : athletes) {
        insertUser(users, kuraUsers, a);
      }
      insertExercises(exercises);

      int[] workoutCounts = allocate(options.workouts(), w -> w.workoutWeight());
      int[] nutritionCounts = allocate(options.nutritionDays(), w -> w.nutritionWeight());
      int[] eventCounts = allocate(options.events(), w -> w.eventWeight());
      WorkoutFactory workoutFactory =
          new WorkoutFactory(this, planned, workouts, workoutExercises, sets);
      NutritionFactory nutritionFactory = new NutritionFactory(this, nutrition);
      EventFactory eventFactory = new EventFactory(this, events);
      for (Athlete a : athletes) {
        workoutFactory.generate(a, workoutCounts[a.index()]);
        nutritionFactory.generate(a, nutritionCounts[a.index()]);
        eventFactory.generate(a, eventCounts[a.index()]);
      }
    }

    // ---- athletes ----

    Athlete athlete(int i) {
      SplittableRandom r = rng("user", i);
      double sexRoll = r.nextDouble();
      boolean female = sexRoll >= 0.6 && sexRoll < 0.96;
      String storedSex;
      if (sexRoll >= 0.96) {
        storedSex = null;
      } else if (female) {
        storedSex =
            pick(r, new String[] {"Female", "Female", "Female", "Female", "Female", "F", "female"});
      } else {
        storedSex = pick(r, new String[] {"Male", "Male", "Male", "Male", "Male", "M", "male"});
      }
      String first =
          female ? pick(r, DemoCatalog.FIRST_NAMES_F) : pick(r, DemoCatalog.FIRST_NAMES_M);
      String name = first + " " + pick(r, DemoCatalog.LAST_NAMES);
      int age = 19 + r.nextInt(44);
      double weight =
          clamp(female ? 62 + 7 * r.nextGaussian() : 77 + 8.5 * r.nextGaussian(), 45, 120);
      int height =
          (int)
              Math.round(
                  clamp(
                      female ? 167 + 6 * r.nextGaussian() : 179 + 7 * r.nextGaussian(), 150, 205));
      double wattsPerKg = (female ? 0.9 : 1.0) * (2.3 + 2.3 * r.nextDouble());
      double ftp = Math.round(weight * wattsPerKg);
      double maxHr = Math.round(clamp(208 - 0.7 * age + 6 * r.nextGaussian(), 160, 210));
      double rest = 42 + r.nextInt(24);
      int lthr = (int) Math.round(maxHr * (0.86 + 0.05 * r.nextDouble()));
      double strength = (female ? 0.7 : 1.0) * (0.8 + 0.7 * r.nextDouble());
      double squat = round(2.5, weight * 1.45 * strength);
      double bench = round(2.5, weight * 1.05 * strength);
      double deadlift = round(2.5, weight * 1.75 * strength);
      double press = round(2.5, bench * 0.63);
      String[] tz = pick(r, DemoCatalog.TIMEZONES);
      LocalDateTime dob =
          LocalDate.of(anchor.getYear() - age, 1 + r.nextInt(12), 1 + r.nextInt(28)).atStartOfDay();
      LocalDateTime created =
          anchorStart.minusDays(400 + r.nextInt(700)).plusMinutes(r.nextInt(24 * 60));
      double workoutWeight = 0.4 + 1.2 * r.nextDouble();
      double nutritionWeight = 0.3 + 1.4 * r.nextDouble();
      double eventWeight = r.nextDouble() < 0.08 ? 0 : 0.3 + 1.4 * r.nextDouble();
      return new Athlete(
          i,
          UUID.nameUUIDFromBytes(
              ("athlete-batch-demo:" + seed + ":user:" + i).getBytes(StandardCharsets.UTF_8)),
          name,
          String.format("athlete%04d.s%d@demo.athlete-batch.test", i, seed),
          female,
          storedSex,
          weight,
          r.nextDouble() < 0.07 ? null : round1(weight),
          ftp,
          r.nextDouble() < 0.12 ? null : (int) ftp,
          maxHr,
          r.nextDouble() < 0.10 ? null : (int) maxHr,
          rest,
          r.nextDouble() < 0.15 ? null : (int) rest,
          r.nextDouble() < 0.25 ? null : lthr,
          r.nextDouble() < 0.10 ? null : dob,
          height,
          tz[0],
          tz[1],
          squat,
          bench,
          deadlift,
          press,
          (female ? 2.8 : 3.1) + 1.7 * r.nextDouble(),
          (female ? 6.6 : 7.3) + 2.4 * r.nextDouble(),
          (female ? 22 : 30) + 22 * r.nextDouble(),
          created,
          workoutWeight,
          nutritionWeight,
          eventWeight);
    }

    void insertUser(BatchInserter.Table users, BatchInserter.Table kuraUsers, Athlete a)
        throws SQLException {
      LocalDateTime updated = a.createdAt().plusDays(30);
      users
          .set("id", a.idText())
          .set("name", a.name())
          .set("email", a.email())
          .set("createdAt", a.createdAt())
          .set("updatedAt", updated)
          .set("ftp", a.storedFtp())
          .set("maxHr", a.storedMaxHr())
          .set("lthr", a.storedLthr())
          .set("restingHr", a.storedRestingHr())
          .set("weight", a.storedWeight())
          .set("height", a.heightCm())
          .set("dob", a.dob())
          .set("sex", a.storedSex())
          .set("timezone", a.timezone())
          .set("country", a.country())
          .set("weightUnits", "Kilograms")
          .add();
      kuraUsers
          .set("id", a.id())
          .set("email", a.email())
          .set(
              "password_hash",
              "$argon2id$v=19$m=19456,t=2,p=1$ZGVtbw$" + id("pw", a.index(), 0).replace("-", ""))
          .set("display_name", a.name())
          .set("is_active", Boolean.TRUE)
          .set("created_at", a.createdAt().atOffset(ZoneOffset.UTC))
          .set("updated_at", updated.atOffset(ZoneOffset.UTC))
          .add();
    }

    void insertExercises(BatchInserter.Table exercises) throws SQLException {
      LocalDateTime created = anchorStart.minusDays(1000);
      for (int i = 0; i < DemoCatalog.EXERCISES.length; i++) {
        Exercise e = DemoCatalog.EXERCISES[i];
        exercises
            .set("id", exerciseIds[i])
            .set("externalId", "demo-" + seed + "-" + e.key())
            .set("title", e.title())
            .set("type", e.type())
            .set("primaryMuscle", e.muscle())
            .set("createdAt", created)
            .set("updatedAt", created)
            .add();
      }
    }

    // ---- shared helpers ----

    interface Weight {
      double of(Athlete a);
    }

    /**
     * Splits {@code total} over the athletes in proportion to their weights (largest remainder).
     */
    int[] allocate(int total, Weight weight) {
      int n = athletes.size();
      double[] w = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        w[i] = weight.of(athletes.get(i));
        sum += w[i];
      }
      if (sum <= 0) {
        java.util.Arrays.fill(w, 1);
        sum = n;
      }
      int[] counts = new int[n];
      double[] remainder = new double[n];
      int assigned = 0;
      for (int i = 0; i < n; i++) {
        double exact = total * w[i] / sum;
        counts[i] = (int) Math.floor(exact);
        remainder[i] = exact - counts[i];
        assigned += counts[i];
      }
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(
          order,
          (x, y) ->
              remainder[x] != remainder[y]
                  ? Double.compare(remainder[y], remainder[x])
                  : Integer.compare(x, y));
      for (int k = 0; assigned < total; k = (k + 1) % n) {
        counts[order[k]]++;
        assigned++;
      }
      return counts;
    }

    SplittableRandom rng(String stream, long index) {
      return new SplittableRandom(
          mix(
              seed
                  ^ mix(stream.hashCode() * 0x9E3779B97F4A7C15L)
                  ^ mix(index + 0x632BE59BD9B4E019L)));
    }

    String id(String kind, long a, long b) {
      return UUID.nameUUIDFromBytes(
              ("athlete-batch-demo:" + seed + ":" + kind + ":" + a + ":" + b)
                  .getBytes(StandardCharsets.UTF_8))
          .toString();
    }

    /**
     * A past date-time in the 365 days before the anchor date, or (with {@code future}) 1–21 days
     * after.
     */
    LocalDateTime dateTime(SplittableRandom r, boolean future) {
      int minuteOfDay = 5 * 60 + 30 + r.nextInt(15 * 60);
      if (future) {
        return anchorStart.plusDays(1 + r.nextInt(21)).plusMinutes(minuteOfDay);
      }
      return anchorStart.minusDays(1 + r.nextInt(365)).plusMinutes(minuteOfDay);
    }
  }

  // ---- small numeric helpers shared by the factories ----

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Rounds to a multiple of {@code step} (e.g. 2.5 kg plates). */
  static double round(double step, double v) {
    return Math.round(v / step) * step;
  }

  static double between(SplittableRandom r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  static <T> T pick(SplittableRandom r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  static OffsetDateTime utc(LocalDateTime t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  static Food food(SplittableRandom r, String slot) {
    while (true) {
      Food f = pick(r, DemoCatalog.FOODS);
      if (f.slot().equals(slot)) {
        return f;
      }
    }
  }
}
