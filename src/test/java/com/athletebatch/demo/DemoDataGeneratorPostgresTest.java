package com.athletebatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.athletebatch.database.Dialect;
import com.athletebatch.support.TestDatabase;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The domain schema, kura's row-level security and the demo data on real PostgreSQL (the embedded
 * server, or the one named by ATHLETE_BATCH_TEST_DATABASE_URL), in a fresh database.
 */
class DemoDataGeneratorPostgresTest {

  @Test
  void schemaRlsAndDemoDataOnPostgreSql() {
    try (TestDatabase db = TestDatabase.postgres()) {
      check(db.dataSource());
    }
  }

  private void check(DataSource ds) {
    DomainSchema.createIfMissing(ds);
    DomainSchema.createIfMissing(ds);
    DomainSchema.applyKuraRowLevelSecurity(ds);
    DomainSchema.applyKuraRowLevelSecurity(ds);
    assertThat(DomainSchema.dialect(ds)).isEqualTo(Dialect.POSTGRESQL);

    long seed = System.nanoTime();
    DemoReport report =
        new DemoDataGenerator()
            .generate(ds, new DemoOptions(5, 200, 100, 400, seed), LocalDate.of(2026, 3, 1));
    assertThat(report.rows("Workout")).isEqualTo(200);
    assertThat(report.rows("events")).isEqualTo(400);

    JdbcTemplate jdbc = new JdbcTemplate(ds);
    String someWorkout =
        jdbc.queryForObject(
            "SELECT w.\"id\" FROM \"Workout\" w JOIN \"User\" u ON u.\"id\" = w.\"userId\""
                + " WHERE u.\"email\" LIKE ? LIMIT 1",
            String.class,
            "%.s" + seed + "@%");
    assertThatThrownBy(
            () ->
                jdbc.update(
                    "UPDATE \"Workout\" SET \"overallScore\" = 11 WHERE \"id\" = ?", someWorkout))
        .isInstanceOf(DataIntegrityViolationException.class)
        .hasMessageContaining("workout_overall_score_range");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM \"Workout\" WHERE \"decoupling\" = 'NaN'::float8"
                    + " OR \"variabilityIndex\" = 'Infinity'::float8 OR \"intensity\" = 'NaN'::float8",
                Long.class))
        .isNotNull();
    assertThat(
            jdbc.queryForObject(
                "SELECT relforcerowsecurity FROM pg_class WHERE relname = 'events'", Boolean.class))
        .isTrue();
    assertThat(
            jdbc.queryForObject(
                "SELECT rolbypassrls AND rolcanlogin AND NOT rolsuper FROM pg_roles"
                    + " WHERE rolname = 'app_worker'",
                Boolean.class))
        .isTrue();
  }
}
