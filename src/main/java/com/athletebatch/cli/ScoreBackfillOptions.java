package com.athletebatch.cli;

import com.athletebatch.scoring.ScoreSelection;
import com.athletebatch.step.RunClock;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/** The selection options of the score backfill. */
public class ScoreBackfillOptions {

  @Option(
      names = "--include-failed",
      description = "also take rows whose status is FAILED or QUOTA_EXCEEDED")
  boolean includeFailed;

  @Option(
      names = "--rescore-older-than",
      paramLabel = "VERSION",
      description = "also rescore rows this product scored with a scorer version below VERSION")
  Long rescoreOlderThan;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description = "only rows dated on or after DATE (yyyy-mm-dd)")
  LocalDate since;

  @Option(names = "--user", paramLabel = "ID", description = "only the rows of this user id")
  String user;

  @Option(
      names = "--chunk-size",
      paramLabel = "N",
      defaultValue = "" + ScoreSelection.DEFAULT_CHUNK_SIZE,
      description = "rows per chunk (one transaction each; default: ${DEFAULT-VALUE})")
  int chunkSize;

  ScoreSelection selection() {
    return new ScoreSelection(
        includeFailed, rescoreOlderThan, since, user, RunClock.nowUtc(), chunkSize);
  }
}
