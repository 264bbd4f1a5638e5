package com.athletebatch.scoring;

import java.util.List;

/**
 * The upstream {@code "aiAnalysisStatus"} values of {@code "Workout"} and {@code "Nutrition"} rows,
 * once for the job, the demo data and the benchmark. The names are the stored values.
 */
public enum AnalysisStatus {
  NOT_STARTED,
  PENDING,
  PROCESSING,
  COMPLETED,
  FAILED,
  QUOTA_EXCEEDED,
  /** This product's status for a row without data (DOMAIN.md "no data"). */
  SKIPPED_EMPTY;

  /** Eligible for scoring by default, as upstream. */
  public static final List<AnalysisStatus> DEFAULT = List.of(NOT_STARTED, COMPLETED);

  /** Eligible as well with {@code --include-failed}. */
  public static final List<AnalysisStatus> RETRYABLE_FAILURES = List.of(FAILED, QUOTA_EXCEEDED);

  /** Left to the live application: a run is in progress there. */
  public static final List<AnalysisStatus> IN_PROGRESS = List.of(PENDING, PROCESSING);

  /** The stored values, e.g. for binding as a list. */
  public static List<String> names(List<AnalysisStatus> statuses) {
    return statuses.stream().map(Enum::name).toList();
  }
}
