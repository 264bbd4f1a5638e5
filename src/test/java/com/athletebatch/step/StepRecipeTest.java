package com.athletebatch.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.support.ListItemReader;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.batch.test.MetaDataInstanceFactory;

/**
 * The step recipe on its own: a feature's reader, processor, writer and counters, and the toolkit's
 * listeners around them (the eligible-row total, the metrics read from the feature's counters).
 */
class StepRecipeTest {

  /** A feature's writer that keeps its count in the step's execution context, as ours do. */
  static final class CountingWriter implements ItemWriter<String>, StepExecutionListener {
    final List<String> written = new ArrayList<>();
    StepExecution stepExecution;

    @Override
    public void beforeStep(StepExecution stepExecution) {
      this.stepExecution = stepExecution;
    }

    @Override
    public void write(org.springframework.batch.infrastructure.item.Chunk<? extends String> chunk) {
      written.addAll(chunk.getItems());
      var context = stepExecution.getExecutionContext();
      context.putLong("written", context.getLong("written", 0L) + chunk.size());
    }
  }

  @Test
  void runsTheFeaturesChunksWithTheToolkitsListeners() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:step_recipe_test;DB_CLOSE_DELAY=-1");
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    StepRecipe recipe =
        new StepRecipe(
            new ResourcelessJobRepository(), new ResourcelessTransactionManager(), meters);
    CountingWriter writer = new CountingWriter();

    Step step =
        recipe.chunkStep(
            new StepRecipe.ChunkStep<String, String>(
                "recipeStep",
                2,
                new ListItemReader<>(List.of("a", "b", "c", "d", "e")),
                String::toUpperCase,
                writer,
                List.of(writer),
                new EligibleRowCounter(
                    dataSource, s -> new EligibleRowCounter.CountQuery("SELECT 5", Map.of())),
                Map.of("written", "test.items.written")));
    StepExecution execution = MetaDataInstanceFactory.createStepExecution("recipeStep", 1L);
    step.execute(execution);

    assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
    assertThat(writer.written).containsExactly("A", "B", "C", "D", "E");
    assertThat(execution.getCommitCount()).isEqualTo(3);
    assertThat(execution.getExecutionContext().getLong(EligibleRowCounter.TOTAL)).isEqualTo(5L);
    assertThat(
            meters.find("test.items.written").counters().stream().mapToDouble(Counter::count).sum())
        .isEqualTo(5.0);
  }
}
