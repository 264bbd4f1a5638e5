package com.athletebatch.cli;

import com.athletebatch.capability.CapabilitySelection;
import com.athletebatch.step.RunClock;
import picocli.CommandLine.Option;

/** The selection options of the capability estimation. */
public class CapabilityOptions {

  @Option(
      names = "--source",
      paramLabel = "LABEL",
      defaultValue = CapabilitySelection.DEFAULT_SOURCE,
      description =
          "traceability label of the run; one run per source at a time (default: ${DEFAULT-VALUE})")
  String source;

  @Option(names = "--users", paramLabel = "ID,ID", description = "only these users")
  String users;

  @Option(
      names = "--changed-only",
      description =
          "only users with capability events or retractions newer than the last completed run of"
              + " the same selection (its events.id watermark, minus a 10-minute overlap for late"
              + " commits); every user when there is none (the nightly mode)")
  boolean changedOnly;

  @Option(
      names = "--chunk-size",
      paramLabel = "N",
      defaultValue = "" + CapabilitySelection.DEFAULT_CHUNK_SIZE,
      description = "users per chunk (one transaction each; default: ${DEFAULT-VALUE})")
  int chunkSize;

  @Option(
      names = "--as-of",
      paramLabel = "YYYY-MM-DDTHH:MM",
      description = "reference time (UTC) of the estimates, for reproducible reruns (default: now)")
  java.time.LocalDateTime asOf;

  CapabilitySelection selection() {
    return new CapabilitySelection(
        source,
        CapabilitySelection.parseUsers(users),
        changedOnly,
        asOf == null ? RunClock.nowUtc() : asOf,
        chunkSize);
  }
}
