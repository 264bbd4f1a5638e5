package com.athletebatch.capability;

import java.time.DateTimeException;
import java.time.ZoneId;

/** capability_output.v1 timezone_context: the user's logged timezone, or an assumed UTC. */
public record TimezoneContext(
    String timezone, String source, boolean assumed, String assumptionDisclosure) {

  static final TimezoneContext ASSUMED_UTC =
      new TimezoneContext(
          "UTC", "default", true, "No valid timezone in the user's events; times are read as UTC.");

  /** From the latest timezone found in session_meta / session, if it is a valid zone id. */
  static TimezoneContext of(String logged) {
    if (logged == null) {
      return ASSUMED_UTC;
    }
    try {
      return new TimezoneContext(ZoneId.of(logged).getId(), "event_payload", false, null);
    } catch (DateTimeException e) {
      return ASSUMED_UTC;
    }
  }
}
