package com.athletebatch.scoring;

import com.athletebatch.scoring.nutrition.NutritionFacts;
import com.athletebatch.scoring.workout.WorkoutFacts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.springframework.jdbc.core.RowMapper;

/**
 * Maps the reader's rows (see {@link ScoringQueries#readerFrom}) to the scorers' input records. A
 * row that cannot be mapped becomes a {@link ReadRow} with the reason instead of an exception,
 * which would abort the whole page (and the job).
 */
public final class FactsRowMappers {

  /** Reason codes of unreadable rows (skip log REASON_CODE). */
  static final String UNKNOWN_USER = "unknown_user";

  static final String UNREADABLE_ROW = "unreadable_row";
  static final String PAYLOAD_TOO_LARGE = "payload_too_large";
  static final String INVALID_TEXT = "invalid_text";

  /**
   * Largest text column (a meal list, notes) the scorer takes, in characters. A day's meal list is
   * a few kB; megabytes are corruption or abuse, and would only slow the chunk down.
   */
  static final int MAX_TEXT_CHARS = 256 * 1024;

  private FactsRowMappers() {}

  public static final RowMapper<ReadRow<WorkoutFacts>> WORKOUT =
      guarded(
          (rs, n) ->
              new WorkoutFacts(
                  rs.getString("id"),
                  rs.getString("userId"),
                  timestamp(rs, "date").toLocalDateTime(),
                  text(rs, "type"),
                  rs.getInt("durationSec"),
                  integer(rs, "elapsedTimeSec"),
                  dbl(rs, "distanceMeters"),
                  integer(rs, "elevationGain"),
                  integer(rs, "averageWatts"),
                  integer(rs, "maxWatts"),
                  integer(rs, "normalizedPower"),
                  integer(rs, "weightedAvgWatts"),
                  integer(rs, "ftp"),
                  dbl(rs, "intensity"),
                  dbl(rs, "tss"),
                  dbl(rs, "variabilityIndex"),
                  dbl(rs, "efficiencyFactor"),
                  dbl(rs, "lrBalance"),
                  integer(rs, "kilojoules"),
                  integer(rs, "averageHr"),
                  integer(rs, "maxHr"),
                  integer(rs, "trimp"),
                  dbl(rs, "decoupling"),
                  integer(rs, "averageCadence"),
                  integer(rs, "maxCadence"),
                  dbl(rs, "averageSpeed"),
                  integer(rs, "rpe"),
                  integer(rs, "sessionRpe"),
                  integer(rs, "feel"),
                  integer(rs, "userFtp"),
                  integer(rs, "userMaxHr"),
                  integer(rs, "userRestingHr"),
                  integer(rs, "userLthr"),
                  dbl(rs, "userWeight"),
                  text(rs, "userSex"),
                  integer(rs, "plannedDurationSec"),
                  dbl(rs, "plannedTss"),
                  dbl(rs, "plannedWorkIntensity"),
                  dbl(rs, "plannedDistanceMeters"),
                  text(rs, "plannedType"),
                  rs.getInt("exerciseCount"),
                  rs.getInt("setCount"),
                  rs.getInt("setsWithReps"),
                  dbl(rs, "averageSetRpe")));

  public static final RowMapper<ReadRow<NutritionFacts>> NUTRITION =
      guarded(
          (rs, n) ->
              new NutritionFacts(
                  rs.getString("id"),
                  rs.getString("userId"),
                  rs.getDate("date").toLocalDate(),
                  integer(rs, "calories"),
                  dbl(rs, "protein"),
                  dbl(rs, "carbs"),
                  dbl(rs, "fat"),
                  dbl(rs, "fiber"),
                  dbl(rs, "sugar"),
                  text(rs, "breakfast"),
                  text(rs, "lunch"),
                  text(rs, "dinner"),
                  text(rs, "snacks"),
                  integer(rs, "caloriesGoal"),
                  dbl(rs, "proteinGoal"),
                  dbl(rs, "carbsGoal"),
                  dbl(rs, "fatGoal"),
                  integer(rs, "waterMl"),
                  text(rs, "notes"),
                  dbl(rs, "userWeight"),
                  text(rs, "userSex"),
                  trainingSeconds(rs.getLong("trainingSeconds"))));

  /**
   * The id is read first (a text primary key: always readable); then the "User" row must exist (the
   * foreign key may be missing or disabled on a drifted database), then the facts.
   */
  private static <F> RowMapper<ReadRow<F>> guarded(RowMapper<F> facts) {
    return (rs, n) -> {
      String id = rs.getString("id");
      // The version columns are plain text, integer and timestamp: always readable.
      RowVersion version = version(rs);
      try {
        if (rs.getString("userRowId") == null) {
          return ReadRow.unreadable(
              id,
              UNKNOWN_USER,
              "user " + safe(rs, "userId") + " has no \"User\" row; not scored",
              version);
        }
        return ReadRow.of(id, facts.mapRow(rs, n), version);
      } catch (BadText e) {
        return ReadRow.unreadable(id, e.code, e.getMessage(), version);
      } catch (SQLException | RuntimeException e) {
        return ReadRow.unreadable(
            id, UNREADABLE_ROW, "row cannot be read: " + e.getMessage(), version);
      }
    };
  }

  /** The row's version columns (see {@link ScoringQueries#VERSION_COLUMNS}). */
  static RowVersion version(ResultSet rs) throws SQLException {
    return new RowVersion(
        rs.getString("readStatus"),
        integer(rs, "readOverallScore"),
        rs.getObject("readUpdatedAt", java.time.LocalDateTime.class));
  }

  private static String safe(ResultSet rs, String column) {
    try {
      return rs.getString(column);
    } catch (SQLException e) {
      return "(unreadable id)";
    }
  }

  private static String text(ResultSet rs, String column) throws SQLException {
    String value = rs.getString(column);
    if (value == null) {
      return null;
    }
    if (value.length() > MAX_TEXT_CHARS) {
      throw new BadText(
          PAYLOAD_TOO_LARGE,
          "\""
              + column
              + "\" holds "
              + value.length()
              + " characters (more than "
              + MAX_TEXT_CHARS
              + "); not scored");
    }
    int bad = unpairedSurrogate(value);
    if (bad >= 0) {
      throw new BadText(
          INVALID_TEXT,
          "\""
              + column
              + "\" is not valid Unicode text (an unpaired surrogate at"
              + " character "
              + bad
              + ", which has no UTF-8 encoding); not scored");
    }
    return value;
  }

  /**
   * The index of the first unpaired UTF-16 surrogate, or -1: such text cannot be written as UTF-8.
   */
  static int unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** A day's sum of workout seconds (bigint): saturated, since above a day it is unknown anyway. */
  static int trainingSeconds(long sum) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, sum));
  }

  private static Integer integer(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  private static Double dbl(ResultSet rs, String column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : value;
  }

  private static Timestamp timestamp(ResultSet rs, String column) throws SQLException {
    return rs.getTimestamp(column);
  }

  /** Text the scorer must not take: too large, or not valid Unicode. */
  private static final class BadText extends RuntimeException {
    private final String code;

    BadText(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }
}
