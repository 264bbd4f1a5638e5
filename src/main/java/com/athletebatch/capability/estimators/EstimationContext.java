package com.athletebatch.capability.estimators;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * What an estimator may know besides observations.
 *
 * @param asOf the run's reference time: windows and freshness are measured from it, so a rerun with
 *     the same asOf gives the same output (estimators never read the clock)
 * @param bodyWeightKg latest body weight, or null; enables the CP ≤ 7 W/kg check
 */
public record EstimationContext(OffsetDateTime asOf, Double bodyWeightKg) {

  public EstimationContext {
    Objects.requireNonNull(asOf, "asOf");
  }
}
