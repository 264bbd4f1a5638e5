package com.athletebatch.operations;

import com.athletebatch.database.DatabaseUrl;
import com.athletebatch.operations.JobRunner.Launch;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;

/**
 * A launch, or a run, that failed with a serialization failure, a deadlock, a lock timeout or a
 * lost connection is tried again (a run resumes from its last committed chunk), up to {@code
 * maxRetries} times with a doubling back-off, before the command reports the failure. (Spring
 * Batch's own step retry re-runs the writer inside the same transaction, which PostgreSQL has
 * already aborted, and cannot survive a lost connection; restarting the execution can.)
 */
final class TransientFailureRetry {

  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  /** One launch attempt. */
  @FunctionalInterface
  interface Attempt {
    Launch launch() throws Exception;
  }

  private final int maxRetries;
  private final Duration backoff;

  TransientFailureRetry(int maxRetries, Duration backoff) {
    this.maxRetries = maxRetries;
    this.backoff = backoff;
  }

  Launch run(Job job, Attempt attempt) throws Exception {
    for (int retry = 0; ; retry++) {
      Launch launch;
      try {
        launch = attempt.launch();
      } catch (Exception e) {
        if (retry >= maxRetries || !DatabaseFailures.isTransient(e)) {
          throw e;
        }
        pause(job, "could not be launched", e.getMessage(), retry);
        continue;
      }
      if (!(launch instanceof Launch.Ran ran)
          || !LaunchDecision.resumable(ran.execution().getStatus())
          || retry >= maxRetries
          || !DatabaseFailures.isTransient(ran.execution())) {
        return launch;
      }
      pause(
          job,
          "execution " + ran.execution().getId() + " failed",
          ran.execution().getExitStatus().getExitDescription(),
          retry);
    }
  }

  private void pause(Job job, String what, String cause, int retry) throws InterruptedException {
    Duration wait = backoff.multipliedBy(1L << Math.min(retry, 10));
    String firstLine = cause == null ? "" : cause.lines().findFirst().orElse("");
    log.warn(
        "{} {} with a transient database error ({}); retrying from the last committed chunk in {} ms"
            + " (retry {} of {})",
        job.getName(),
        what,
        DatabaseUrl.mask(firstLine),
        wait.toMillis(),
        retry + 1,
        maxRetries);
    Thread.sleep(wait.toMillis());
  }
}
