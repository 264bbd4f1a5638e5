package com.athletebatch.capability.events;

import java.util.List;

/**
 * Turns resolved events into observations. Never throws for bad data: each bad event (or block, or
 * imported set) becomes an {@link EventIssue} and is left out.
 */
public final class ObservationExtractor {

  public Observations extract(List<ResolvedEvent> events) {
    Observations out = new Observations();
    for (ResolvedEvent e : events) {
      try {
        switch (e.eventType()) {
          case EventTypes.SET_LOGGED -> SetLoggedParser.parse(e, out);
          case EventTypes.SESSION_LOGGED -> SessionLoggedParser.parse(e, out);
          case EventTypes.EXTERNAL_ACTIVITY -> ExternalActivityParser.parse(e, out);
          case EventTypes.BODYWEIGHT_LOGGED -> bodyWeight(e, out);
          default -> {} // other event types carry no capability signal
        }
      } catch (BadEventException ex) {
        out.issues.add(new EventIssue(e.source().event().id(), ex.code(), ex.getMessage()));
      } catch (RuntimeException ex) {
        // Safety net: a parser bug on odd data must not fail the user.
        out.issues.add(
            new EventIssue(e.source().event().id(), EventIssue.UNEXPECTED_ERROR, ex.toString()));
      }
    }
    return out;
  }

  private static void bodyWeight(ResolvedEvent e, Observations out) {
    Double kg =
        JsonFields.inRange(
            JsonFields.number(e.data(), "weight_kg"),
            "weight_kg",
            20,
            Plausibility.MAX_BODY_WEIGHT_KG);
    if (kg != null) {
      out.bodyWeightKg = kg; // events come oldest first: the last one wins
    }
  }
}
