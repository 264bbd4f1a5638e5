package com.athletebatch.scoring;

import com.athletebatch.step.RunClock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * Which rows a score backfill run takes, as job parameters.
 *
 * <p>The selection options are identifying: together with {@code run.id} they name the job
 * instance, so rerunning the same selection after a failure restarts that instance. {@code asOf}
 * (the cut-off for future-dated rows) and {@code chunkSize} are not identifying; a restart reuses
 * them from the failed execution, so a resumed run sees the same cut-off.
 */
public record ScoreSelection(
    boolean includeFailed,
    Long rescoreOlderThan,
    LocalDate since,
    String userId,
    LocalDateTime asOf,
    int chunkSize,
    boolean retryQuotaExceeded) {

  public static final String INCLUDE_FAILED = "includeFailed";
  public static final String RESCORE_OLDER_THAN = "rescoreOlderThan";
  public static final String SINCE = "since";
  public static final String USER = "user";
  public static final String AS_OF = "asOf";
  public static final String CHUNK_SIZE = "chunkSize";
  public static final int DEFAULT_CHUNK_SIZE = 500;

  /**
   * Rows a model's provider left QUOTA_EXCEEDED are taken again (issue 14): every nightly run sets
   * it; {@code --include-failed} takes them anyway. Identifying, stored only when set.
   */
  public static final String RETRY_QUOTA_EXCEEDED = "retryQuotaExceeded";

  public ScoreSelection(
      boolean includeFailed,
      Long rescoreOlderThan,
      LocalDate since,
      String userId,
      LocalDateTime asOf,
      int chunkSize) {
    this(includeFailed, rescoreOlderThan, since, userId, asOf, chunkSize, false);
  }

  /** This selection, also taking the rows left QUOTA_EXCEEDED. */
  public ScoreSelection withQuotaExceededRetried() {
    return new ScoreSelection(
        includeFailed, rescoreOlderThan, since, userId, asOf, chunkSize, true);
  }

  public ScoreSelection {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be at least 1, not " + chunkSize);
    }
    if (rescoreOlderThan != null && rescoreOlderThan < 1) {
      throw new IllegalArgumentException("--rescore-older-than takes a scorer version >= 1");
    }
  }

  public JobParametersBuilder toParameters() {
    JobParametersBuilder builder =
        new JobParametersBuilder()
            .addString(INCLUDE_FAILED, Boolean.toString(includeFailed), true)
            .addLocalDateTime(AS_OF, asOf, false)
            .addLong(CHUNK_SIZE, (long) chunkSize, false);
    if (rescoreOlderThan != null) {
      builder.addLong(RESCORE_OLDER_THAN, rescoreOlderThan, true);
    }
    if (since != null) {
      builder.addLocalDate(SINCE, since, true);
    }
    if (userId != null) {
      builder.addString(USER, userId, true);
    }
    if (retryQuotaExceeded) {
      builder.addString(RETRY_QUOTA_EXCEEDED, "true", true);
    }
    return builder;
  }

  public static ScoreSelection from(JobParameters parameters) {
    LocalDateTime asOf = parameters.getLocalDateTime(AS_OF);
    Long chunk = parameters.getLong(CHUNK_SIZE);
    return new ScoreSelection(
        Boolean.parseBoolean(parameters.getString(INCLUDE_FAILED, "false")),
        parameters.getLong(RESCORE_OLDER_THAN),
        parameters.getLocalDate(SINCE),
        parameters.getString(USER),
        asOf == null ? RunClock.nowUtc() : asOf,
        chunk == null ? DEFAULT_CHUNK_SIZE : chunk.intValue(),
        Boolean.parseBoolean(parameters.getString(RETRY_QUOTA_EXCEEDED, "false")));
  }
}
