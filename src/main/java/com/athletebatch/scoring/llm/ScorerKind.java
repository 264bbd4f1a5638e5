package com.athletebatch.scoring.llm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which scorer a score backfill run uses ({@code --scorer}). The list exists only here.
 *
 * <ul>
 *   <li>{@code deterministic}: the explainable scorers alone (the default; no model is called);
 *   <li>{@code llm}: the five scores, five explanations and the markdown analysis from the model,
 *       as in the seed, each score validated as an integer 1..10;
 *   <li>{@code hybrid}: the deterministic scores and explanations, plus the model's markdown
 *       analysis written from the deterministic inputs and intermediate values.
 * </ul>
 */
public enum ScorerKind {
  DETERMINISTIC,
  LLM,
  HYBRID;

  /** The name on the command line and in job parameters. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a run with this scorer calls a model. */
  public boolean callsModel() {
    return this != DETERMINISTIC;
  }

  public static ScorerKind parse(String value) {
    for (ScorerKind kind : values()) {
      if (kind.cliName().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown scorer '" + value + "'; use one of " + choices());
  }

  public static String choices() {
    return Arrays.stream(values()).map(ScorerKind::cliName).collect(Collectors.joining(", "));
  }
}
