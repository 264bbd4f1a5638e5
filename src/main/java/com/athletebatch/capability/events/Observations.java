package com.athletebatch.capability.events;

import java.util.ArrayList;
import java.util.List;

/** Everything one user's events yield, plus the issues met on the way. Filled by the extractor. */
public final class Observations {

  public final List<StrengthSet> strengthSets = new ArrayList<>();
  public final List<SprintEffort> sprintEfforts = new ArrayList<>();
  public final List<JumpMeasurement> jumps = new ArrayList<>();
  public final List<EnduranceEffort> enduranceEfforts = new ArrayList<>();
  public final List<ThresholdReference> thresholdReferences = new ArrayList<>();
  public final List<EventIssue> issues = new ArrayList<>();

  /** Latest logged body weight (bodyweight.logged), or null. */
  public Double bodyWeightKg;

  /** Latest logged IANA timezone (session_meta / session), or null. */
  public String timezone;

  public int size() {
    return strengthSets.size()
        + sprintEfforts.size()
        + jumps.size()
        + enduranceEfforts.size()
        + thresholdReferences.size();
  }
}
