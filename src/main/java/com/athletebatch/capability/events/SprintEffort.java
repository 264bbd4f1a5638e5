package com.athletebatch.capability.events;

import java.util.List;

/**
 * One sprint repetition or one GPS speed stream. Whichever of splits, stream or distance/time is
 * present decides how the estimator reads it.
 *
 * @param splits cumulative (distance, time) pairs from the start, when timed splits were logged
 * @param speedSamples speed stream in m/s (implausible samples already removed), when imported
 */
public record SprintEffort(
    Source source,
    Double distanceM,
    Double durationS,
    List<Split> splits,
    List<Double> speedSamples) {

  public SprintEffort {
    splits = splits == null ? List.of() : List.copyOf(splits);
    speedSamples = speedSamples == null ? List.of() : List.copyOf(speedSamples);
  }

  /** A cumulative split: the athlete passed {@code distanceM} at {@code timeS} after the start. */
  public record Split(double distanceM, double timeS) {}
}
