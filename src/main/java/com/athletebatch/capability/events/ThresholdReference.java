package com.athletebatch.capability.events;

/**
 * A threshold value stated in the payload (relative_intensity.reference_value).
 *
 * @param referenceType critical_speed, critical_power or ftp
 * @param unit "m/s" for critical_speed, "W" for critical_power and ftp
 */
public record ThresholdReference(
    Source source, String sport, String referenceType, double value, String unit) {

  public boolean isPower() {
    return "W".equals(unit);
  }
}
