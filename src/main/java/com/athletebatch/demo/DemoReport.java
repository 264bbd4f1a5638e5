package com.athletebatch.demo;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link DemoDataGenerator#generate} inserted: rows per table (table names as in the schema,
 * unquoted: {@code User}, {@code Exercise}, {@code PlannedWorkout}, {@code Workout}, {@code
 * WorkoutExercise}, {@code WorkoutSet}, {@code Nutrition}, {@code users}, {@code events}), the
 * anchor date the dates are relative to, and how long it took.
 */
public record DemoReport(
    Map<String, Long> rowsPerTable, LocalDate anchorDate, long seed, Duration elapsed) {

  public DemoReport {
    rowsPerTable = Collections.unmodifiableMap(new LinkedHashMap<>(rowsPerTable));
  }

  public long rows(String table) {
    return rowsPerTable.getOrDefault(table, 0L);
  }

  public long totalRows() {
    return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
  }
}
