package com.athletebatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TestDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code doctor} command's contract: what it lists, the statements it prints, its exit codes,
 * and that it changes nothing.
 */
class DoctorCommandTest {

  /** The CREATE INDEX statements doctor printed, as an operator would copy them. */
  private static List<String> printedIndexStatements(String out) {
    return out.lines()
        .map(String::strip)
        .filter(l -> l.startsWith("CREATE INDEX CONCURRENTLY"))
        .toList();
  }

  @Test
  void aFreshUpstreamDatabaseListsTheRecommendedIndexesUntilTheyAreCreated() {
    try (TestDatabase db = TestDatabase.postgres()) {
      DomainSchema.createIfMissing(db.dataSource());

      Cli.Result first = Cli.run("doctor", "--database-url", db.jdbcUrl());

      assertThat(first.exitCode()).as(first.all()).isEqualTo(1);
      assertThat(first.out())
          .contains("Checked for: scoreBackfill, capabilityEstimation")
          .contains(
              "MISSING scoreBackfill: recommended index \"Workout_scoreBackfill_waiting_id_date_idx\"")
          .contains(
              "MISSING scoreBackfill: recommended index \"Nutrition_scoreBackfill_waiting_id_date_idx\"")
          .contains("ok      scoreBackfill: tables and columns present")
          .contains(
              "ok      capabilityEstimation: grants: the README's least-privilege table holds")
          .containsPattern("advice  max_wal_size|ok      max_wal_size");
      List<String> statements = printedIndexStatements(first.out());
      assertThat(statements).hasSize(2);
      // it changed nothing: no index, no job-repository schema
      assertThat(schemaExists(db.jdbc(), "batch")).isFalse();
      assertThat(indexCount(db.jdbc())).isZero();

      statements.forEach(db.jdbc()::execute); // autocommit: CONCURRENTLY runs outside a transaction
      // an index an earlier version recommended is still there: advice to drop it, exit 0
      db.jdbc()
          .execute(
              "CREATE INDEX \"Workout_scoreBackfill_waiting_idx\" ON \"Workout\" (id)"
                  + " INCLUDE (date) WHERE \"overallScore\" IS NULL");
      Cli.Result second = Cli.run("doctor", "--database-url", db.jdbcUrl());

      assertThat(second.exitCode()).as(second.all()).isZero();
      assertThat(second.out()).doesNotContain("MISSING").contains("Result: nothing missing");
      assertThat(printedIndexStatements(second.out())).isEmpty();
      assertThat(second.out())
          .contains(
              "advice  scoreBackfill: index \"Workout_scoreBackfill_waiting_idx\" is superseded")
          .contains("DROP INDEX CONCURRENTLY IF EXISTS \"Workout_scoreBackfill_waiting_idx\";")
          .doesNotContain("\"Nutrition_scoreBackfill_waiting_idx\"");

      db.jdbc().execute("DROP INDEX CONCURRENTLY IF EXISTS \"Workout_scoreBackfill_waiting_idx\"");
      Cli.Result third = Cli.run("doctor", "--database-url", db.jdbcUrl());

      assertThat(third.exitCode()).as(third.all()).isZero();
      assertThat(third.out()).doesNotContain("superseded");
    }
  }

  @Test
  void aCoachWattsDatabaseIsCheckedForTheScoreJobOnlyUnlessAJobIsNamed() {
    try (TestDatabase db = TestDatabase.postgres()) {
      DomainSchema.createIfMissing(db.dataSource());
      db.jdbc().execute("DROP TABLE background_jobs, projections, events, users");
      db.jdbc().execute("ALTER TABLE \"Workout\" DROP COLUMN \"isDuplicate\"");

      Cli.Result result = Cli.run("doctor", "--database-url", db.jdbcUrl());

      assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
      assertThat(result.out())
          .contains("Checked for: scoreBackfill\n")
          .contains("MISSING scoreBackfill: table \"Workout\" lacks column(s) \"isDuplicate\"")
          .doesNotContain("capabilityEstimation");

      Cli.Result named =
          Cli.run("doctor", "--database-url", db.jdbcUrl(), "--job", "capabilityEstimation");

      assertThat(named.exitCode()).as(named.all()).isEqualTo(1);
      assertThat(named.out())
          .contains("Checked for: capabilityEstimation\n")
          .contains("MISSING capabilityEstimation: table events is missing")
          .contains("MISSING capabilityEstimation: table users is missing")
          .doesNotContain("scoreBackfill:");
    }
  }

  @Test
  void aRoleWithoutTheDocumentedWriteGrantsIsToldWhatToGrant() {
    try (TestDatabase db = TestDatabase.postgres()) {
      JdbcTemplate admin = db.jdbc();
      DomainSchema.createIfMissing(db.dataSource());
      admin.execute("DROP TABLE background_jobs, projections, events, users");
      String role = "doctor_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
      String database = admin.queryForObject("SELECT current_database()", String.class);
      admin.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'doctor-pw' NOSUPERUSER");
      try {
        admin.execute("GRANT CONNECT ON DATABASE " + database + " TO " + role);
        admin.execute("GRANT USAGE ON SCHEMA public TO " + role);
        admin.execute(
            "GRANT SELECT ON \"User\", \"Workout\", \"PlannedWorkout\", \"WorkoutExercise\","
                + " \"WorkoutSet\", \"Nutrition\" TO "
                + role);
        // UPDATE on "Workout" only for the score columns but not "updatedAt"; none on "Nutrition"
        admin.execute("GRANT UPDATE (\"overallScore\", \"aiAnalysis\") ON \"Workout\" TO " + role);
        String url = db.jdbcUrl().replaceAll("user=[^&]*", "user=" + role + "&password=doctor-pw");

        Cli.Result result = Cli.run("doctor", "--database-url", url);

        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.out())
            .contains("MISSING scoreBackfill: the role may not UPDATE \"Workout\", \"Nutrition\"")
            .contains("GRANT UPDATE ON \"Workout\", \"Nutrition\" TO " + role + ";")
            .doesNotContain("may not SELECT")
            .contains("MISSING job repository: schema batch does not exist and the role may not")
            .doesNotContain("doctor-pw");
      } finally {
        admin.execute("DROP OWNED BY " + role);
        admin.execute("DROP ROLE " + role);
      }
    }
  }

  @Test
  void anUnknownJobIsAUsageError() {
    Cli.Result result = Cli.run("doctor", "--database-url", "jdbc:h2:mem:doctor", "--job", "nope");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("unknown job nope");
  }

  private static boolean schemaExists(JdbcTemplate jdbc, String schema) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)", Boolean.class, schema));
  }

  private static int indexCount(JdbcTemplate jdbc) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM pg_indexes WHERE indexname LIKE '%scoreBackfill_waiting%'",
        Integer.class);
  }
}
