package com.athletebatch.step;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The one clock of the jobs: UTC wall time at millisecond precision, the precision both H2 and
 * PostgreSQL timestamps keep, so a value read back equals the value written.
 */
public final class RunClock {

  private RunClock() {}

  public static LocalDateTime nowUtc() {
    return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }
}
