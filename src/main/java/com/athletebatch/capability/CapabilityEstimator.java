package com.athletebatch.capability;

import com.athletebatch.capability.estimators.CapabilityOutput;
import com.athletebatch.capability.estimators.Caveat;
import com.athletebatch.capability.estimators.EnduranceThresholdEstimator;
import com.athletebatch.capability.estimators.EstimationContext;
import com.athletebatch.capability.estimators.JumpHeightEstimator;
import com.athletebatch.capability.estimators.Rules;
import com.athletebatch.capability.estimators.SprintMaxSpeedEstimator;
import com.athletebatch.capability.estimators.Status;
import com.athletebatch.capability.estimators.StrengthOneRepMaxEstimator;
import com.athletebatch.capability.events.CapabilityEvent;
import com.athletebatch.capability.events.EventIssue;
import com.athletebatch.capability.events.EventResolver;
import com.athletebatch.capability.events.ObservationExtractor;
import com.athletebatch.capability.events.Observations;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The processor's one call: one user's events in, four capability outputs out. Plain Java,
 * stateless and thread-safe. Bad events become issues; nothing in the events makes it throw.
 */
public final class CapabilityEstimator {

  public static final List<String> KEYS =
      List.of(
          StrengthOneRepMaxEstimator.KEY,
          SprintMaxSpeedEstimator.KEY,
          JumpHeightEstimator.KEY,
          EnduranceThresholdEstimator.KEY);

  /**
   * Issues listed one by one in each output's caveats; the rest are summarised, so outputs stay
   * small.
   */
  static final int MAX_ISSUE_CAVEATS = 20;

  private final EventResolver resolver = new EventResolver();
  private final ObservationExtractor extractor = new ObservationExtractor();
  private final StrengthOneRepMaxEstimator strength = new StrengthOneRepMaxEstimator();
  private final SprintMaxSpeedEstimator sprint = new SprintMaxSpeedEstimator();
  private final JumpHeightEstimator jump = new JumpHeightEstimator();
  private final EnduranceThresholdEstimator endurance = new EnduranceThresholdEstimator();

  /**
   * @param eventsInOrder the user's capability events and event.retracted events (bodyweight.logged
   *     optional), in (timestamp, id) order as the database sorted them
   * @param asOf the run's reference time (windows, freshness, generated_at)
   */
  public UserEstimate estimateUser(
      UUID userId, List<CapabilityEvent> eventsInOrder, OffsetDateTime asOf) {
    return estimateUser(userId, eventsInOrder, asOf, List.of());
  }

  /**
   * @param setAside events the caller already left out (unreadable rows, oversized payloads, future
   *     timestamps, duplicates): reported with the others, in the skip log and the outputs' caveats
   */
  public UserEstimate estimateUser(
      UUID userId,
      List<CapabilityEvent> eventsInOrder,
      OffsetDateTime asOf,
      List<EventIssue> setAside) {
    EventResolver.Resolution resolution = resolver.resolve(eventsInOrder);
    Observations obs = extractor.extract(resolution.events());
    List<EventIssue> issues = new ArrayList<>(setAside);
    issues.addAll(resolution.issues());
    issues.addAll(obs.issues);
    EstimationContext ctx = new EstimationContext(asOf, obs.bodyWeightKg);

    Map<String, CapabilityOutput> outputs = new LinkedHashMap<>();
    outputs.put(
        StrengthOneRepMaxEstimator.KEY,
        safely(
            StrengthOneRepMaxEstimator.KEY, asOf, () -> strength.estimate(obs.strengthSets, ctx)));
    outputs.put(
        SprintMaxSpeedEstimator.KEY,
        safely(SprintMaxSpeedEstimator.KEY, asOf, () -> sprint.estimate(obs.sprintEfforts, ctx)));
    outputs.put(
        JumpHeightEstimator.KEY,
        safely(JumpHeightEstimator.KEY, asOf, () -> jump.estimate(obs.jumps, ctx)));
    outputs.put(
        EnduranceThresholdEstimator.KEY,
        safely(
            EnduranceThresholdEstimator.KEY,
            asOf,
            () -> endurance.estimate(obs.enduranceEfforts, obs.thresholdReferences, ctx)));
    List<Caveat> issueCaveats = issueCaveats(issues);
    outputs.replaceAll((k, o) -> o.withCaveats(issueCaveats));

    int withIssues = (int) issues.stream().map(EventIssue::eventId).distinct().count();
    UUID newest = eventsInOrder.isEmpty() ? null : eventsInOrder.get(eventsInOrder.size() - 1).id();
    return new UserEstimate(
        userId,
        asOf,
        outputs,
        List.copyOf(issues),
        new UserEstimate.Counts(
            eventsInOrder.size(),
            resolution.retracted(),
            resolution.correctionsApplied(),
            withIssues,
            obs.size()),
        TimezoneContext.of(obs.timezone),
        newest);
  }

  /**
   * An estimator bug must not fail the user: its key is written as insufficient_data with a caveat.
   */
  private static CapabilityOutput safely(
      String key, OffsetDateTime asOf, Supplier<CapabilityOutput> estimate) {
    try {
      return estimate.get();
    } catch (RuntimeException e) {
      return new CapabilityOutput(
          key,
          Status.INSUFFICIENT_DATA,
          null,
          null,
          null,
          null,
          0,
          Rules.REQUIRED_OBSERVATIONS,
          0,
          List.of("estimator_error"),
          List.of(),
          List.of(
              new Caveat("estimator_error", Caveat.WARNING, Map.of("error", String.valueOf(e)))),
          List.of(),
          Map.of(),
          Map.of("as_of", asOf.toString()),
          List.of(),
          null);
    }
  }

  static List<Caveat> issueCaveats(List<EventIssue> issues) {
    List<Caveat> caveats = new ArrayList<>();
    for (EventIssue i : issues.subList(0, Math.min(MAX_ISSUE_CAVEATS, issues.size()))) {
      caveats.add(
          new Caveat(
              "event_skipped",
              Caveat.WARNING,
              Map.of(
                  "event_id",
                  String.valueOf(i.eventId()),
                  "issue_code",
                  i.code(),
                  "reason",
                  i.reason())));
    }
    if (issues.size() > MAX_ISSUE_CAVEATS) {
      caveats.add(
          new Caveat(
              "event_issues_truncated",
              Caveat.WARNING,
              Map.of(
                  "issues_total",
                  issues.size(),
                  "issue_codes",
                  new ArrayList<>(
                      new LinkedHashSet<>(issues.stream().map(EventIssue::code).toList())))));
    }
    return caveats;
  }
}
