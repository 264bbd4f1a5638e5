/**
 * Deterministic, explainable scoring of upstream {@code "Workout"} and {@code "Nutrition"} rows.
 *
 * <p>Each scorer takes a facts record and returns a {@link
 * com.athletebatch.scoring.core.ScoringOutcome}:
 *
 * <ul>
 *   <li>{@code Invalid} when any input is negative, NaN, infinite or outside {@link
 *       com.athletebatch.scoring.core.Plausibility#LIMITS} (or impossible next to another value,
 *       e.g. max HR below average HR); the reason names the column and value: {@code "averageHr" is
 *       -5 (negative)}.
 *   <li>{@code Empty} when the row holds no data (DOMAIN.md "no data") or when not one sub-score
 *       can be computed.
 *   <li>{@code Scored} otherwise. Every sub-score is the rounded (half up) mean of its components,
 *       each a measured value mapped to 1..10 by a piecewise-linear {@link
 *       com.athletebatch.scoring.core.Curve} in the scorer's {@code *Rules} class. A sub-score
 *       without data is {@link com.athletebatch.scoring.core.SubScore#missing(String) missing} and
 *       left out of the overall: the weighted mean of the present sub-scores with weights
 *       renormalised, minus {@link com.athletebatch.scoring.core.Scores#INCOMPLETE_PENALTY} when
 *       fewer than half are present, rounded and clamped to 1..10.
 * </ul>
 *
 * Zeros in sensor and reference columns (power, HR, cadence, FTP, max/resting HR, LTHR) mean "not
 * recorded". No clock, randomness or I/O: the same input always gives the same output.
 */
package com.athletebatch.scoring;
