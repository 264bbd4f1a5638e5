package com.athletebatch.capability.estimators;

import com.athletebatch.capability.events.EventRef;
import com.athletebatch.capability.events.Source;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Collects what an estimator found and applies the common rules once: status, confidence, interval,
 * reason codes, event ids.
 */
final class OutputBuilder {

  private final String key;
  private final List<String> recommendations;
  private String unit;
  private Double mean;
  private List<Double> contributing = List.of();
  private Double halfWidth;
  private int observed;
  private OffsetDateTime newestContributingAt;
  private final Set<String> groups = new LinkedHashSet<>();
  private final List<Source> sources = new ArrayList<>();
  private final List<String> reasons = new ArrayList<>();
  private final List<Caveat> caveats = new ArrayList<>();
  private final Map<String, Object> protocol = new LinkedHashMap<>();
  private final Map<String, Object> diagnostics = new LinkedHashMap<>();

  OutputBuilder(String key, String unit, List<String> recommendations) {
    this.key = key;
    this.unit = unit;
    this.recommendations = recommendations;
  }

  OutputBuilder unit(String u) {
    this.unit = u;
    return this;
  }

  /** The estimate and the values whose spread gives the interval (mean ± 1.96·SD). */
  OutputBuilder estimate(double value, List<Double> contributingValues) {
    this.mean = value;
    this.contributing = List.copyOf(contributingValues);
    return this;
  }

  /** For fits: interval = mean ± this (1.96 × standard error) instead of the values' SD. */
  OutputBuilder halfWidth(Double hw) {
    this.halfWidth = hw;
    return this;
  }

  OutputBuilder observed(int n, OffsetDateTime newestAt) {
    this.observed = n;
    this.newestContributingAt = newestAt;
    return this;
  }

  OutputBuilder group(String g) {
    if (g != null) {
      groups.add(g);
    }
    return this;
  }

  OutputBuilder source(Source s) {
    sources.add(s);
    return this;
  }

  OutputBuilder reason(String code) {
    if (!reasons.contains(code)) {
      reasons.add(code);
    }
    return this;
  }

  OutputBuilder caveat(String code, String severity, Map<String, Object> details) {
    caveats.add(new Caveat(code, severity, details));
    return this;
  }

  OutputBuilder protocol(String k, Object v) {
    protocol.put(k, v);
    return this;
  }

  OutputBuilder diagnostic(String k, Object v) {
    diagnostics.put(k, v);
    return this;
  }

  CapabilityOutput build(EstimationContext ctx) {
    boolean mixed = groups.size() > 1;
    Status status =
        mean == null || observed < Rules.MIN_OBSERVATIONS
            ? Status.INSUFFICIENT_DATA
            : mixed ? Status.DEGRADED_COMPARABILITY : Status.OK;
    double confidence = 0;
    Double lo = null, hi = null;
    if (mean != null) {
      double freshnessDays =
          newestContributingAt == null
              ? 0
              : Duration.between(newestContributingAt, ctx.asOf()).toSeconds() / 86_400.0;
      confidence =
          Math.min(1, observed / (double) Rules.REQUIRED_OBSERVATIONS)
              * Rules.freshnessFactor(freshnessDays);
      if (mixed) {
        confidence *= Rules.DEGRADED_CONFIDENCE_FACTOR; // applies whatever the status
      }
      double hw = halfWidth != null ? halfWidth : Rules.Z95 * Stats.sd(contributing);
      lo = Math.max(0, mean - hw); // every capability is a positive quantity
      hi = mean + hw;
      diagnostics.put("freshness_days", Math.max(0, freshnessDays));
      if (freshnessDays > Rules.HALF_LIFE_DAYS) {
        reason("stale_observations");
      }
    }
    if (observed == 0) {
      reason("no_observations");
    } else if (observed < Rules.MIN_OBSERVATIONS) {
      reason("insufficient_observations");
    } else if (observed < Rules.REQUIRED_OBSERVATIONS) {
      reason("below_required_observations");
    }
    if (mixed) {
      reason("mixed_comparability_groups");
    }
    diagnostics.put("unit", unit);
    diagnostics.put("half_life_days", Rules.HALF_LIFE_DAYS);
    boolean wantMore = status != Status.OK || observed < Rules.REQUIRED_OBSERVATIONS;
    List<EventRef> refs =
        sources.stream()
            .flatMap(Source::refs)
            .distinct()
            .sorted(Comparator.comparingInt(EventRef::seq))
            .toList();
    List<UUID> ids = refs.stream().map(EventRef::id).distinct().toList();
    UUID last = refs.isEmpty() ? null : refs.get(refs.size() - 1).id();
    return new CapabilityOutput(
        key,
        status,
        mean,
        lo,
        hi,
        unit,
        clamp01(confidence),
        Rules.REQUIRED_OBSERVATIONS,
        observed,
        List.copyOf(reasons),
        wantMore ? List.copyOf(recommendations) : List.of(),
        List.copyOf(caveats),
        List.copyOf(groups),
        new LinkedHashMap<>(protocol),
        new LinkedHashMap<>(diagnostics),
        ids,
        last);
  }

  private static double clamp01(double c) {
    return Double.isFinite(c) ? Math.max(0, Math.min(1, c)) : 0;
  }

  static <T> OffsetDateTime newest(List<T> xs, java.util.function.Function<T, OffsetDateTime> at) {
    return xs.stream().map(at).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
  }
}
