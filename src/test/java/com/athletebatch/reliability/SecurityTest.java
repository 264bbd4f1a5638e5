package com.athletebatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.Cli;
import com.athletebatch.support.JvmProcess;
import com.athletebatch.support.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Safe to point at a production database: no parameter reaches SQL text (hostile values are data or
 * rejected with a clear message, and no table is harmed), passwords never show in output, logs or
 * errors, and both jobs run under roles with exactly the grants the README documents.
 */
class SecurityTest {

  private static final DemoOptions DEMO = new DemoOptions(4, 60, 20, 300, 41);
  private static final String INJECTION = "x'); DROP TABLE \"Workout\"; DROP TABLE events; --";
  private static final String PASSWORD =
      "S3cret-pw_" + UUID.randomUUID().toString().substring(0, 8);

  private static TestDatabase demoDatabase() {
    TestDatabase db = TestDatabase.postgres();
    DomainSchema.createIfMissing(db.dataSource());
    new DemoDataGenerator().generate(db.dataSource(), DEMO, java.time.LocalDate.of(2026, 10, 31));
    return db;
  }

  /** Every table of the domain schema with its row count: what hostile input must leave alone. */
  private static Map<String, Object> tables(JdbcTemplate jdbc) {
    Map<String, Object> counts = new java.util.TreeMap<>();
    for (String table :
        jdbc.queryForList(
            "SELECT table_name FROM information_schema.tables" + " WHERE table_schema = 'public'",
            String.class)) {
      counts.put(table, jdbc.queryForObject("SELECT count(*) FROM \"" + table + "\"", Long.class));
    }
    return counts;
  }

  @Test
  void hostileParameterValuesAreDataOrRejectedAndHarmNothing() {
    try (TestDatabase db = demoDatabase()) {
      JdbcTemplate jdbc = db.jdbc();
      Map<String, Object> before = tables(jdbc);
      String url = db.jdbcUrl();

      // Treated as data: a user and a source nobody has; the runs complete and change nothing.
      Cli.Result user = Cli.run("run", "scoreBackfill", "--database-url", url, "--user", INJECTION);
      assertThat(user.exitCode()).as(user.all()).isZero();
      assertThat(user.out())
          .contains("COMPLETED")
          .containsPattern("scoreWorkouts\\s+COMPLETED\\s+read 0");
      Cli.Result source =
          Cli.run(
              "capability-backfill",
              "--database-url",
              url,
              "--source",
              INJECTION,
              "--as-of",
              "2026-11-01T00:00",
              "--no-verify");
      assertThat(source.exitCode()).as(source.all()).isZero();
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM batch.BATCH_JOB_EXECUTION_PARAMS"
                      + " WHERE PARAMETER_NAME = 'source' AND PARAMETER_VALUE = ?",
                  Integer.class,
                  INJECTION))
          .isEqualTo(1);
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM batch.BATCH_JOB_EXECUTION_PARAMS"
                      + " WHERE PARAMETER_NAME = 'user' AND PARAMETER_VALUE = ?",
                  Integer.class,
                  INJECTION))
          .isEqualTo(1);

      // Rejected with a message that says what is wrong; nothing runs.
      List<List<String>> rejected =
          List.of(
              List.of("run", "scoreBackfill", "--since", "2026-01-01'; DROP TABLE \"Workout\"; --"),
              List.of("run", "scoreBackfill", "--rescore-older-than", "1 OR 1=1"),
              List.of("run", "scoreBackfill", "--chunk-size", "10; DROP TABLE events"),
              List.of("run", "scoreBackfill", "--batch-schema", "batch; DROP TABLE \"User\""),
              List.of("run", "scoreBackfill", "--batch-schema", "public\" CASCADE; --"),
              List.of(
                  "capability-backfill",
                  "--users",
                  "00000000-0000-7000-8000-000000000001,' OR 1=1 --"),
              List.of(
                  "capability-backfill", "--as-of", "2026-11-01'); DROP TABLE projections; --"));
      for (List<String> args : rejected) {
        List<String> all = new java.util.ArrayList<>(args);
        all.addAll(List.of("--database-url", url));
        Cli.Result result = Cli.run(all.toArray(String[]::new));
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.all()).isIn(1, 2);
        assertThat(result.err())
            .as(String.join(" ", args))
            .containsPattern("(?i)invalid|not a|cannot|unmatched|error");
      }
      // No table was dropped or changed by any of it: the score run found no such user; the
      // source is only a label, so that run estimated every user as any other source would.
      Map<String, Object> after = tables(jdbc);
      assertThat(after.remove("projections")).isEqualTo(4L * (Long) before.get("users"));
      before.remove("projections");
      if (before.containsKey("background_jobs")) {
        // kura's queue got the run's controller row, its source stored verbatim (a bound value).
        after.remove("background_jobs");
        before.remove("background_jobs");
        assertThat(
                jdbc.queryForList("SELECT payload->>'source' FROM background_jobs", String.class))
            .containsExactly(INJECTION);
      }
      assertThat(after).isEqualTo(before);
      assertThat(
              jdbc.queryForObject(
                  "SELECT count(*) FROM information_schema.schemata"
                      + " WHERE schema_name LIKE 'batch%'",
                  Integer.class))
          .isEqualTo(1);
    }
  }

  @Test
  void passwordsInUrlsAndTheEnvironmentNeverShowInOutputLogsOrErrors() throws Exception {
    try (TestDatabase db = demoDatabase()) {
      JdbcTemplate admin = db.jdbc();
      String role = "rel_pw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
      String database = admin.queryForObject("SELECT current_database()", String.class);
      admin.execute("CREATE ROLE " + role + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
      try {
        String hostPort = db.jdbcUrl().replaceAll("^jdbc:postgresql://([^/]+)/.*$", "$1");
        String libpq = "postgresql://" + role + ":" + PASSWORD + "@" + hostPort + "/" + database;
        String jdbcUrl =
            "jdbc:postgresql://"
                + hostPort
                + "/"
                + database
                + "?user="
                + role
                + "&password="
                + PASSWORD;
        // Runs that work, in both URL forms (the embedded server trusts local connections,
        // so the password is not checked, only carried).
        for (String url : List.of(libpq, jdbcUrl)) {
          Cli.Result ok = Cli.run("run", "scoreBackfill", "--database-url", url);
          assertThat(ok.exitCode()).as(ok.all()).isZero();
          assertThat(ok.all()).doesNotContain(PASSWORD);
          Cli.Result cap =
              Cli.run("capability-backfill", "--database-url", url, "--as-of", "2026-11-01T00:00");
          assertThat(cap.exitCode()).as(cap.all()).isZero();
          assertThat(cap.all()).doesNotContain(PASSWORD);
          for (String[] command :
              List.of(
                  new String[] {"status"},
                  new String[] {"status", "--json"},
                  new String[] {"executions"})) {
            List<String> args = new java.util.ArrayList<>(List.of(command));
            args.addAll(List.of("--database-url", url));
            Cli.Result status = Cli.run(args.toArray(String[]::new));
            assertThat(status.exitCode()).as(status.all()).isZero();
            assertThat(status.all()).as(String.join(" ", command)).doesNotContain(PASSWORD);
          }
        }
        // Connection failures: nobody listening, a database that does not exist, bad syntax.
        List<String> failing =
            List.of(
                "postgresql://" + role + ":" + PASSWORD + "@127.0.0.1:1/" + database,
                "jdbc:postgresql://127.0.0.1:1/"
                    + database
                    + "?user="
                    + role
                    + "&password="
                    + PASSWORD,
                "postgresql://" + role + ":" + PASSWORD + "@" + hostPort + "/no_such_db_" + role,
                "postgresql://" + role + ":" + PASSWORD + "@" + hostPort + ":bad/" + database,
                "mysql://" + role + ":" + PASSWORD + "@" + hostPort + "/" + database);
        for (String url : failing) {
          for (String command : List.of("run scoreBackfill", "capability-backfill", "status")) {
            List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
            args.addAll(List.of("--database-url", url));
            Cli.Result failed = Cli.run(args.toArray(String[]::new));
            assertThat(failed.exitCode()).as(failed.all()).isNotZero();
            assertThat(failed.err()).as(command + " " + url).contains("error:");
            assertThat(failed.all()).as(command + " " + url).doesNotContain(PASSWORD);
          }
        }
        Cli.Result refused = Cli.run("run", "scoreBackfill", "--database-url", failing.get(0));
        assertThat(refused.err()).contains("the database went away");

        // From the environment, in a separate JVM: DATABASE_URL with a password, and PGPASSWORD.
        JvmProcess fromEnv =
            JvmProcess.start(
                Map.of("DATABASE_URL", libpq, "PGPASSWORD", PASSWORD), "run", "scoreBackfill");
        assertThat(fromEnv.waitFor(120)).as(fromEnv.output()).isZero();
        assertThat(fromEnv.output()).contains("COMPLETED").doesNotContain(PASSWORD);
        fromEnv.delete();
        JvmProcess refusedFromEnv =
            JvmProcess.start(
                Map.of("DATABASE_URL", failing.get(0), "PGPASSWORD", PASSWORD),
                "capability-backfill");
        assertThat(refusedFromEnv.waitFor(120)).isNotZero();
        assertThat(refusedFromEnv.output()).contains("error:").doesNotContain(PASSWORD);
        refusedFromEnv.delete();
      } finally {
        admin.execute("DROP OWNED BY " + role);
        admin.execute("DROP ROLE " + role);
      }
    }
  }

  /**
   * Both jobs as roles with exactly the README's grants ("Least privilege"); each role can read
   * what its job reads, write what it writes, and nothing else of the application's tables.
   */
  @Test
  void bothJobsRunUnderRolesWithExactlyTheDocumentedGrants() {
    try (TestDatabase db = demoDatabase()) {
      JdbcTemplate admin = db.jdbc();
      String database = admin.queryForObject("SELECT current_database()", String.class);
      String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
      String scorer = "score_worker_" + suffix;
      String estimator = "capability_worker_" + suffix;
      try {
        // The README's grants, verbatim in substance.
        admin.execute("CREATE ROLE " + scorer + " LOGIN PASSWORD 'pw' NOSUPERUSER");
        admin.execute("GRANT CONNECT, CREATE ON DATABASE " + database + " TO " + scorer);
        admin.execute("GRANT USAGE ON SCHEMA public TO " + scorer);
        admin.execute(
            "GRANT SELECT ON \"User\", \"Workout\", \"PlannedWorkout\", \"WorkoutExercise\","
                + " \"WorkoutSet\", \"Nutrition\" TO "
                + scorer);
        admin.execute("GRANT UPDATE ON \"Workout\", \"Nutrition\" TO " + scorer);
        admin.execute("CREATE ROLE " + estimator + " LOGIN PASSWORD 'pw' NOSUPERUSER");
        admin.execute("GRANT CONNECT, CREATE ON DATABASE " + database + " TO " + estimator);
        admin.execute("GRANT USAGE ON SCHEMA public TO " + estimator);
        admin.execute("GRANT SELECT ON events, users TO " + estimator);
        admin.execute("GRANT SELECT, INSERT, UPDATE ON projections TO " + estimator);

        // Each job keeps its job repository in its own schema, owned by its role.
        Cli.Result scores =
            Cli.run(
                "run",
                "scoreBackfill",
                "--database-url",
                as(db, scorer),
                "--batch-schema",
                "batch_scores");
        assertThat(scores.exitCode()).as(scores.all()).isZero();
        assertThat(
                admin.queryForObject(
                    "SELECT count(*) FROM \"Workout\" WHERE \"overallScore\" IS NOT NULL",
                    Integer.class))
            .isPositive();
        Cli.Result capabilities =
            Cli.run(
                "capability-backfill",
                "--database-url",
                as(db, estimator),
                "--batch-schema",
                "batch_capabilities",
                "--as-of",
                "2026-11-01T00:00");
        assertThat(capabilities.exitCode()).as(capabilities.all()).isZero();
        assertThat(admin.queryForObject("SELECT count(*) FROM projections", Integer.class))
            .isPositive();
        // Reruns (job repository already there) work the same.
        assertThat(
                Cli.run(
                        "run",
                        "scoreBackfill",
                        "--database-url",
                        as(db, scorer),
                        "--batch-schema",
                        "batch_scores")
                    .exitCode())
            .isZero();

        // And the grants are exactly that: neither role can touch the other job's tables.
        JdbcTemplate asScorer =
            new JdbcTemplate(
                new org.springframework.jdbc.datasource.DriverManagerDataSource(as(db, scorer)));
        assertThat(
                org.assertj.core.api.Assertions.catchThrowable(
                    () -> asScorer.queryForObject("SELECT count(*) FROM events", Long.class)))
            .hasStackTraceContaining("permission denied");
        assertThat(
                org.assertj.core.api.Assertions.catchThrowable(
                    () -> asScorer.update("DELETE FROM \"Workout\"")))
            .hasStackTraceContaining("permission denied");
        JdbcTemplate asEstimator =
            new JdbcTemplate(
                new org.springframework.jdbc.datasource.DriverManagerDataSource(as(db, estimator)));
        assertThat(
                org.assertj.core.api.Assertions.catchThrowable(
                    () ->
                        asEstimator.queryForObject("SELECT count(*) FROM \"Workout\"", Long.class)))
            .hasStackTraceContaining("permission denied");
        assertThat(
                org.assertj.core.api.Assertions.catchThrowable(
                    () -> asEstimator.update("DELETE FROM projections")))
            .hasStackTraceContaining("permission denied");
      } finally {
        for (String role : List.of(scorer, estimator)) {
          admin.execute("DROP OWNED BY " + role);
          admin.execute("DROP ROLE IF EXISTS " + role);
        }
      }
    }
  }

  private static String as(TestDatabase db, String role) {
    return db.jdbcUrl().replaceAll("user=[^&]*", "user=" + role + "&password=pw");
  }
}
