package com.athletebatch.scoring;

import java.util.List;

/**
 * The two upstream tables the score backfill writes, with the column each score and its explanation
 * go to (nutrition's explanation columns as upstream maps them, DOMAIN.md §1).
 */
public enum ScoreTable {
  WORKOUT(
      "Workout",
      List.of(
          new Column("overall", "overallScore", "overallQualityExplanation"),
          new Column("technical", "technicalScore", "technicalExecutionExplanation"),
          new Column("effort", "effortScore", "effortManagementExplanation"),
          new Column("pacing", "pacingScore", "pacingStrategyExplanation"),
          new Column("execution", "executionScore", "executionConsistencyExplanation"))),
  NUTRITION(
      "Nutrition",
      List.of(
          new Column("overall", "overallScore", "nutritionalBalanceExplanation"),
          new Column("macroBalance", "macroBalanceScore", "macroDistributionExplanation"),
          new Column("quality", "qualityScore", "timingOptimizationExplanation"),
          new Column("adherence", "adherenceScore", "calorieAdherenceExplanation"),
          new Column("hydration", "hydrationScore", "hydrationStatusExplanation")));

  /** One score: the scorer's part name, its integer column and its explanation column. */
  public record Column(String part, String scoreColumn, String explanationColumn) {}

  private final String tableName;
  private final List<Column> columns;

  ScoreTable(String tableName, List<Column> columns) {
    this.tableName = tableName;
    this.columns = columns;
  }

  public String tableName() {
    return tableName;
  }

  public String quotedName() {
    return '"' + tableName + '"';
  }

  /** The overall score first, then the sub-scores. */
  public List<Column> columns() {
    return columns;
  }

  public String scorerName() {
    return ScoringQueries.scorerName(this);
  }

  public String stepName() {
    return this == WORKOUT ? "scoreWorkouts" : "scoreNutrition";
  }
}
