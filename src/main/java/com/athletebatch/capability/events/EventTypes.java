package com.athletebatch.capability.events;

import java.util.List;

/** kura event type names the capability pipeline reads. */
public final class EventTypes {

  public static final String SET_LOGGED = "set.logged";
  public static final String SESSION_LOGGED = "session.logged";
  public static final String SET_CORRECTED = "set.corrected";
  public static final String EXTERNAL_ACTIVITY = "external.activity_imported";
  public static final String RETRACTED = "event.retracted";

  /** Optional: gives the body weight for the W/kg plausibility check. */
  public static final String BODYWEIGHT_LOGGED = "bodyweight.logged";

  /** The four types whose users get capability projections (runbook coverage query). */
  public static final List<String> CAPABILITY =
      List.of(SET_LOGGED, SESSION_LOGGED, SET_CORRECTED, EXTERNAL_ACTIVITY);

  private EventTypes() {}
}
