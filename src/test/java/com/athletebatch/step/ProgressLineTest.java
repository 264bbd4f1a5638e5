package com.athletebatch.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

class ProgressLineTest {

  @Test
  void barShowsShareRateAndEta() {
    String bar = ProgressLine.bar("scoreWorkouts", 250, 1000, 5_000_000_000L);
    assertThat(bar)
        .startsWith("scoreWorkouts    [#####---------------]  25.0% 250/1000 50/s ETA 15s");
    assertThat(ProgressLine.bar("scoreWorkouts", 1000, 1000, 1_000_000_000L))
        .contains("100.0%")
        .doesNotContain("ETA");
    assertThat(ProgressLine.bar("estimate", 7, -1, 1_000_000_000L))
        .isEqualTo("estimate         7 7/s");
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlaceAndEndsWithANewLine() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressReporter reporter =
        new ProgressReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    StepExecution step =
        new StepExecution(
            1L,
            "scoreWorkouts",
            new JobExecution(1L, new JobInstance(1L, "scoreBackfill"), new JobParameters()));
    step.getExecutionContext().putLong(EligibleRowCounter.TOTAL, 20);
    reporter.beforeStep(step);
    step.setReadCount(10);
    Thread.sleep(300);
    reporter.afterChunk(new Chunk<>());
    step.setReadCount(20);
    reporter.afterStep(step);
    String shown = bytes.toString(StandardCharsets.UTF_8);
    assertThat(shown)
        .startsWith("\rscoreWorkouts")
        .contains(" 50.0% 10/20")
        .contains("100.0% 20/20");
    assertThat(shown).endsWith(System.lineSeparator());
  }

  @Test
  void stepsSideBySideShareTheLineInShortFormAndEachEndsOnItsOwnLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TerminalBars bars = new TerminalBars(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    bars.update(
        "scoreWorkouts",
        "scoreWorkouts [##--] 50.0%",
        ProgressLine.brief("scoreWorkouts", 50, 100, 1_000_000_000L));
    bars.update(
        "scoreNutrition",
        "scoreNutrition [#---] 25.0%",
        ProgressLine.brief("scoreNutrition", 25, 100, 1_000_000_000L));
    bars.finish("scoreWorkouts", "scoreWorkouts [####] 100.0%");
    String shown = bytes.toString(StandardCharsets.UTF_8);
    assertThat(shown)
        .contains("\rscoreWorkouts [##--] 50.0%")
        .contains("\rscoreWorkouts 50% ETA 1s | scoreNutrition 25% ETA 3s")
        .contains("\rscoreWorkouts [####] 100.0%\033[K" + System.lineSeparator())
        .endsWith("scoreNutrition [#---] 25.0%\033[K\r");
  }
}
