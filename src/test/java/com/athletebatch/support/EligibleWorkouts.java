package com.athletebatch.support;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The workouts a default score backfill takes (no score yet, analysis not started or completed, not
 * in the future), as the tests look them up: to put a fault at a row, to wait for a row, or to
 * check that none is left.
 */
public final class EligibleWorkouts {

  private static final String WHERE =
      " FROM \"Workout\" WHERE \"overallScore\" IS NULL"
          + " AND \"aiAnalysisStatus\" IN ('NOT_STARTED', 'COMPLETED') AND date <= CURRENT_TIMESTAMP";

  private EligibleWorkouts() {}

  /** Their ids in the job's order. */
  public static List<String> ids(JdbcTemplate jdbc) {
    return jdbc.queryForList("SELECT id" + WHERE + " ORDER BY id", String.class);
  }

  /** The first the job takes. */
  public static String first(JdbcTemplate jdbc) {
    return jdbc.queryForObject("SELECT min(id)" + WHERE, String.class);
  }

  /** How many are left. */
  public static long count(JdbcTemplate jdbc) {
    return jdbc.queryForObject("SELECT count(*)" + WHERE, Long.class);
  }
}
