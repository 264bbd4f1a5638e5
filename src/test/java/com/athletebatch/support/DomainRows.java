package com.athletebatch.support;

import com.athletebatch.database.Dialect;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.springframework.jdbc.core.JdbcTemplate;

/** Hand-made upstream rows for job tests, each with exactly the values a test needs. */
public final class DomainRows {

  private static final Timestamp NOW = Timestamp.valueOf(LocalDateTime.of(2026, 1, 1, 0, 0));

  private final JdbcTemplate jdbc;
  private final Dialect dialect;

  public DomainRows(JdbcTemplate jdbc, Dialect dialect) {
    this.jdbc = jdbc;
    this.dialect = dialect;
  }

  public void user(
      String id, Double weight, Integer ftp, Integer maxHr, Integer restingHr, String sex) {
    jdbc.update(
        "INSERT INTO \"User\" (id, email, \"updatedAt\", weight, ftp, \"maxHr\", \"restingHr\", sex)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        id,
        id + "@example.test",
        NOW,
        weight,
        ftp,
        maxHr,
        restingHr,
        sex);
  }

  /**
   * A ride with power and heart rate; every metric may be overridden afterwards with {@link #set}.
   */
  public void ride(String id, String userId, LocalDateTime date, String status) {
    jdbc.update(
        "INSERT INTO \"Workout\" (id, \"userId\", \"externalId\", source, date, title, type, \"durationSec\","
            + " \"distanceMeters\", \"averageWatts\", \"normalizedPower\", \"maxWatts\", \"averageHr\", \"maxHr\","
            + " \"averageCadence\", \"lrBalance\", decoupling, rpe, \"aiAnalysisStatus\", \"updatedAt\")"
            + " VALUES (?, ?, ?, 'strava', ?, 'Endurance ride', 'Ride', 5400, 45000, 200, 210, 600, 140, 172,"
            + " 88, 49.5, 3.2, 5, ?, ?)",
        id,
        userId,
        "ext-" + id,
        Timestamp.valueOf(date),
        status,
        NOW);
  }

  /** A workout with no data at all (no duration, distance, power, heart rate or exercises). */
  public void emptyWorkout(String id, String userId, LocalDateTime date) {
    jdbc.update(
        "INSERT INTO \"Workout\" (id, \"userId\", \"externalId\", source, date, title, type, \"durationSec\","
            + " \"aiAnalysisStatus\", \"updatedAt\") VALUES (?, ?, ?, 'manual', ?, 'Empty', 'Ride', 0, 'NOT_STARTED', ?)",
        id,
        userId,
        "ext-" + id,
        Timestamp.valueOf(date),
        NOW);
  }

  public void nutrition(String id, String userId, LocalDate date, String breakfastJson) {
    jdbc.update(
        "INSERT INTO \"Nutrition\" (id, \"userId\", date, calories, protein, carbs, fat, fiber, sugar,"
            + " breakfast, \"caloriesGoal\", \"proteinGoal\", \"carbsGoal\", \"fatGoal\", \"waterMl\","
            + " \"aiAnalysisStatus\", \"updatedAt\")"
            + " VALUES (?, ?, ?, 2600, 150, 320, 80, 35, 45, "
            + json()
            + ", 2700, 150, 330, 85, 3000, 'NOT_STARTED', ?)",
        id,
        userId,
        java.sql.Date.valueOf(date),
        breakfastJson,
        NOW);
  }

  public void set(String quotedTable, String id, String quotedColumn, Object value) {
    jdbc.update("UPDATE " + quotedTable + " SET " + quotedColumn + " = ? WHERE id = ?", value, id);
  }

  private String json() {
    return dialect == Dialect.POSTGRESQL ? "CAST(? AS jsonb)" : "? FORMAT JSON";
  }
}
