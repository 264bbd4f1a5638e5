package com.athletebatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.athletebatch.database.Dialect;
import com.athletebatch.scoring.ScoreTable;
import java.time.LocalDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class DomainSchemaTest {

  private DataSource dataSource;
  private JdbcTemplate jdbc;

  @BeforeEach
  void createSchema() {
    dataSource = H2TestDatabase.fresh("schema");
    DomainSchema.createIfMissing(dataSource);
    jdbc = new JdbcTemplate(dataSource);
    jdbc.update(
        "INSERT INTO \"User\" (\"id\", \"email\", \"updatedAt\") VALUES ('u1', 'u1@example.test', ?)",
        LocalDateTime.of(2026, 1, 1, 0, 0));
  }

  @Test
  void createsEveryDomainTableAndIsRerunnable() {
    DomainSchema.createIfMissing(dataSource);
    List<String> tables =
        jdbc.queryForList(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
            String.class);
    assertThat(tables)
        .containsExactlyInAnyOrder(
            "User",
            "PlannedWorkout",
            "Workout",
            "WorkoutExercise",
            "WorkoutSet",
            "Exercise",
            "Nutrition",
            "users",
            "events",
            "projections",
            "background_jobs");
    assertThat(DomainSchema.dialect(dataSource)).isEqualTo(Dialect.H2);
  }

  @Test
  void userDefaultsFollowPrisma() {
    assertThat(
            jdbc.queryForObject(
                "SELECT \"isAdmin\" FROM \"User\" WHERE \"id\" = 'u1'", Boolean.class))
        .isFalse();
    assertThat(
            jdbc.queryForObject(
                "SELECT \"createdAt\" FROM \"User\" WHERE \"id\" = 'u1'", LocalDateTime.class))
        .isNotNull();
  }

  @Test
  void updatedAtIsRequired() {
    assertThatThrownBy(
            () ->
                jdbc.update(
                    "INSERT INTO \"User\" (\"id\", \"email\") VALUES ('u2', 'u2@example.test')"))
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThatThrownBy(
            () ->
                jdbc.update(
                    "INSERT INTO \"Workout\" (\"id\", \"userId\", \"externalId\", \"source\","
                        + " \"date\", \"title\", \"durationSec\") VALUES ('w1', 'u1', 'x', 'strava', ?, 'Ride', 3600)",
                    LocalDateTime.of(2026, 1, 1, 8, 0)))
        .isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void workoutScoresMustBeOneToTen() {
    insertWorkout("w1");
    assertThat(
            jdbc.queryForObject(
                "SELECT \"aiAnalysisStatus\" FROM \"Workout\" WHERE \"id\" = 'w1'", String.class))
        .isEqualTo("NOT_STARTED");
    assertThat(
            jdbc.queryForObject(
                "SELECT \"isDuplicate\" FROM \"Workout\" WHERE \"id\" = 'w1'", Boolean.class))
        .isFalse();
    jdbc.update(
        "UPDATE \"Workout\" SET \"overallScore\" = 10, \"technicalScore\" = 1 WHERE \"id\" = 'w1'");
    for (String column :
        ScoreTable.WORKOUT.columns().stream().map(ScoreTable.Column::scoreColumn).toList()) {
      for (int bad : new int[] {0, 11}) {
        assertThatThrownBy(
                () ->
                    jdbc.update(
                        "UPDATE \"Workout\" SET \"" + column + "\" = ? WHERE \"id\" = 'w1'", bad))
            .as(column + " = " + bad)
            .isInstanceOf(DataIntegrityViolationException.class)
            .hasMessageContaining("workout_");
      }
    }
  }

  @Test
  void nutritionScoresMustBeOneToTenAndDaysUnique() {
    String insert =
        "INSERT INTO \"Nutrition\" (\"id\", \"userId\", \"date\", \"updatedAt\") VALUES (?, 'u1', DATE '2026-01-01', ?)";
    jdbc.update(insert, "n1", LocalDateTime.of(2026, 1, 1, 0, 0));
    assertThatThrownBy(() -> jdbc.update(insert, "n2", LocalDateTime.of(2026, 1, 1, 0, 0)))
        .isInstanceOf(DataIntegrityViolationException.class);
    for (String column :
        List.of(
            "overallScore",
            "macroBalanceScore",
            "qualityScore",
            "adherenceScore",
            "hydrationScore")) {
      assertThatThrownBy(
              () ->
                  jdbc.update(
                      "UPDATE \"Nutrition\" SET \"" + column + "\" = 11 WHERE \"id\" = 'n1'"))
          .as(column)
          .isInstanceOf(DataIntegrityViolationException.class);
    }
    assertThat(
            jdbc.queryForObject(
                "SELECT \"isManualLock\" FROM \"Nutrition\" WHERE \"id\" = 'n1'", Boolean.class))
        .isFalse();
  }

  @Test
  void workoutsAreUniquePerUserSourceAndExternalIdAndCascadeWithTheirUser() {
    insertWorkout("w1");
    assertThatThrownBy(() -> insertWorkout("w2"))
        .isInstanceOf(DataIntegrityViolationException.class);
    jdbc.update("DELETE FROM \"User\" WHERE \"id\" = 'u1'");
    assertThat(jdbc.queryForObject("SELECT count(*) FROM \"Workout\"", Integer.class)).isZero();
  }

  @Test
  void kuraTablesHaveTheirDefaultsAndChecks() {
    jdbc.update(
        "INSERT INTO users (id, email, password_hash) VALUES ('00000000-0000-0000-0000-000000000001', 'k@x', 'h')");
    jdbc.update(
        "INSERT INTO projections (user_id, projection_type, key) VALUES "
            + "('00000000-0000-0000-0000-000000000001', 'capability_estimation', 'strength_1rm')");
    assertThat(jdbc.queryForObject("SELECT version FROM projections", Long.class)).isEqualTo(1L);
    assertThatThrownBy(
            () ->
                jdbc.update(
                    "INSERT INTO projections (user_id, projection_type, key) VALUES "
                        + "('00000000-0000-0000-0000-000000000001', 'capability_estimation', 'strength_1rm')"))
        .isInstanceOf(DataIntegrityViolationException.class);
    jdbc.update(
        "INSERT INTO background_jobs (user_id, job_type) VALUES ('00000000-0000-0000-0000-000000000001', 'x')");
    assertThat(jdbc.queryForObject("SELECT status FROM background_jobs", String.class))
        .isEqualTo("pending");
    assertThatThrownBy(
            () ->
                jdbc.update(
                    "INSERT INTO background_jobs (user_id, job_type, status) VALUES "
                        + "('00000000-0000-0000-0000-000000000001', 'x', 'stuck')"))
        .isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void refusesH2WithoutPostgreSqlModeAndLowerCaseNames() {
    DataSource plain =
        new DriverManagerDataSource("jdbc:h2:mem:plain_schema_check;DB_CLOSE_DELAY=-1", "sa", "");
    assertThatThrownBy(() -> DomainSchema.createIfMissing(plain))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DATABASE_TO_LOWER=TRUE");
  }

  private void insertWorkout(String id) {
    jdbc.update(
        "INSERT INTO \"Workout\" (\"id\", \"userId\", \"externalId\", \"source\", \"date\", \"title\","
            + " \"durationSec\", \"updatedAt\") VALUES (?, 'u1', 'x', 'strava', ?, 'Ride', 3600, ?)",
        id,
        LocalDateTime.of(2026, 1, 1, 8, 0),
        LocalDateTime.of(2026, 1, 1, 9, 0));
  }
}
