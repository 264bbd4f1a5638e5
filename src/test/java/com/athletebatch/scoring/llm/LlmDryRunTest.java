package com.athletebatch.scoring.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.scoring.CountingLlmClient;
import com.athletebatch.scoring.EligibleRows;
import com.athletebatch.scoring.LlmScoringStepTest;
import com.athletebatch.scoring.ScoreSelection;
import com.athletebatch.scoring.ScoreTable;
import com.athletebatch.support.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --dry-run} with an LLM scorer: the sample's estimates scaled to the eligible rows. */
class LlmDryRunTest {

  @Test
  void theEstimateCountsOnlyTheRowsThatWouldBeSentScaledToTheEligibleRows() {
    CountingLlmClient client = new CountingLlmClient();
    try (TestDatabase db = LlmScoringStepTest.prepared(TestDatabase.h2())) {
      ScoreSelection selection =
          new ScoreSelection(
              false, null, null, null, java.time.LocalDateTime.of(2026, 6, 1, 0, 0), 500);
      Map<ScoreTable, Long> eligible = EligibleRows.count(db.dataSource(), db.dialect(), selection);
      assertThat(eligible)
          .containsEntry(ScoreTable.WORKOUT, 6L)
          .containsEntry(ScoreTable.NUTRITION, 1L);

      List<LlmDryRun.Estimate> estimates =
          LlmDryRun.estimate(
              db.dataSource(),
              db.dialect(),
              selection,
              LlmScoringStepTest.run(ScorerKind.LLM, 2, 0),
              client,
              eligible);

      // 6 workouts read, the empty one not sent: 5 × (100, 50) over 6 rows, scaled to 6.
      assertThat(estimates.get(0))
          .isEqualTo(new LlmDryRun.Estimate(ScoreTable.WORKOUT, 6, 6, 5, new TokenUsage(500, 250)));
      assertThat(estimates.get(1))
          .isEqualTo(
              new LlmDryRun.Estimate(ScoreTable.NUTRITION, 1, 1, 1, new TokenUsage(100, 50)));
      assertThat(client.totalCalls()).as("an estimate calls no model").isZero();
    }
  }
}
