package com.athletebatch.demo;

import com.athletebatch.database.Dialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Runs against an external PostgreSQL database named by ATHLETE_BATCH_TEST_PG_URL (a
 * jdbc:postgresql:// URL; user and password in the URL or ATHLETE_BATCH_TEST_PG_USER /
 * ATHLETE_BATCH_TEST_PG_PASSWORD). It creates the domain schema there if missing, applies kura's
 * row-level security, and adds one demo data set under a fresh seed. Use a scratch database.
 */
@EnabledIfEnvironmentVariable(named = "ATHLETE_BATCH_TEST_PG_URL", matches = "jdbc:postgresql:.*")
class DemoDataGeneratorPostgresTest {

    @Test
    void schemaRlsAndDemoDataOnPostgreSql() {
        DataSource ds = new DriverManagerDataSource(System.getenv("ATHLETE_BATCH_TEST_PG_URL"),
                System.getenv().getOrDefault("ATHLETE_BATCH_TEST_PG_USER", "postgres"),
                System.getenv().getOrDefault("ATHLETE_BATCH_TEST_PG_PASSWORD", ""));
        DomainSchema.createIfMissing(ds);
        DomainSchema.createIfMissing(ds);
        DomainSchema.applyKuraRowLevelSecurity(ds);
        DomainSchema.applyKuraRowLevelSecurity(ds);
        assertThat(DomainSchema.dialect(ds)).isEqualTo(Dialect.POSTGRESQL);

        long seed = System.nanoTime();
        DemoReport report = new DemoDataGenerator().generate(ds, new DemoOptions(5, 200, 100, 400, seed),
                LocalDate.of(2026, 3, 1));
        assertThat(report.rows("Workout")).isEqualTo(200);
        assertThat(report.rows("events")).isEqualTo(400);

        JdbcTemplate jdbc = new JdbcTemplate(ds);
        String someWorkout = jdbc.queryForObject("SELECT w.\"id\" FROM \"Workout\" w JOIN \"User\" u ON u.\"id\" = w.\"userId\""
                + " WHERE u.\"email\" LIKE ? LIMIT 1", String.class, "%.s" + seed + "@%");
        assertThatThrownBy(() -> jdbc.update("UPDATE \"Workout\" SET \"overallScore\" = 11 WHERE \"id\" = ?", someWorkout))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("workout_overall_score_range");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM \"Workout\" WHERE \"decoupling\" = 'NaN'::float8"
                + " OR \"variabilityIndex\" = 'Infinity'::float8 OR \"intensity\" = 'NaN'::float8", Long.class)).isNotNull();
        assertThat(jdbc.queryForObject("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'events'", Boolean.class)).isTrue();
        assertThat(jdbc.queryForObject("SELECT rolbypassrls AND rolcanlogin AND NOT rolsuper FROM pg_roles"
                + " WHERE rolname = 'app_worker'", Boolean.class)).isTrue();
    }
}
