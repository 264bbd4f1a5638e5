package com.athletebatch.step;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The one recipe for a chunk-oriented step of this product: reader, processor and writer in one
 * transaction per chunk, and the listener stack in the order it must have. Both jobs build their
 * steps here, and so will partitioned steps (a worker step is the same recipe over a key range).
 *
 * <p>The order, first to last: the feature's own listeners (its processor and writer, which fill
 * the step's counters in the execution context), the eligible-row count, the progress reporter, the
 * metrics (which read the counters the feature's listeners wrote) and, last, the {@link
 * CommittedContextGuard}: a failed commit must not leave the reader position past unwritten rows,
 * so it must see the execution context after every other listener has touched it.
 */
@Component
public class StepRecipe {

  /**
   * What a feature brings to one step.
   *
   * @param listeners the feature's own listeners, in order (e.g. its writer when it counts rows)
   * @param eligibleRows the count query for the progress total
   * @param meterByContextKey the execution-context counters to publish, and their meter names
   */
  public record ChunkStep<I, O>(
      String name,
      int chunkSize,
      ItemReader<? extends I> reader,
      ItemProcessor<? super I, ? extends O> processor,
      ItemWriter<? super O> writer,
      List<StepListener> listeners,
      EligibleRowCounter eligibleRows,
      Map<String, String> meterByContextKey) {}

  private final JobRepository jobRepository;
  private final PlatformTransactionManager transactionManager;
  private final MeterRegistry meterRegistry;

  public StepRecipe(
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      MeterRegistry meterRegistry) {
    this.jobRepository = jobRepository;
    this.transactionManager = transactionManager;
    this.meterRegistry = meterRegistry;
  }

  /**
   * A step split into key ranges run side by side (issue 13).
   *
   * @param name the step's name; the partitions are step executions named {@code name:partitionI}
   * @param partitions how many ranges, on as many threads
   * @param partitioner the ranges
   * @param worker the recipe for one partition's step execution, whose context holds its {@link
   *     KeyRange}; called once per partition execution, so that each has its own reader, writer and
   *     listeners (they keep per-execution state)
   * @param managerListeners listeners of the step as a whole (e.g. the total row count), run once
   *     around all partitions
   */
  public record PartitionedStep(
      String name,
      int partitions,
      KeyRangePartitioner partitioner,
      Function<StepExecution, ChunkStep<?, ?>> worker,
      List<StepExecutionListener> managerListeners) {}

  public Step partitionedStep(PartitionedStep step) {
    Step worker = workerStep(step.name(), step.worker());
    SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor(step.name() + "-");
    threads.setConcurrencyLimit(step.partitions());
    var builder =
        new StepBuilder(step.name(), jobRepository)
            .partitioner(step.name(), step.partitioner())
            .step(worker)
            .gridSize(step.partitions())
            .taskExecutor(threads);
    for (StepExecutionListener listener : step.managerListeners()) {
      builder.listener(listener);
    }
    return builder.build();
  }

  /**
   * The step that runs one partition: a fresh chunk step from the recipe for each step execution.
   * (One step instance shared by the partition threads would share its listeners' state.)
   */
  public Step workerStep(String name, Function<StepExecution, ChunkStep<?, ?>> recipe) {
    return new Step() {
      @Override
      public String getName() {
        return name;
      }

      @Override
      public void execute(StepExecution stepExecution) throws JobInterruptedException {
        chunkStep(recipe.apply(stepExecution)).execute(stepExecution);
      }
    };
  }

  public <I, O> Step chunkStep(ChunkStep<I, O> step) {
    ChunkOrientedStepBuilder<I, O> builder =
        new StepBuilder(step.name(), jobRepository)
            .<I, O>chunk(step.chunkSize())
            .transactionManager(transactionManager)
            .reader(step.reader())
            .processor(step.processor())
            .writer(step.writer());
    for (StepListener listener : step.listeners()) {
      builder.listener(listener);
    }
    return builder
        .listener((StepListener) step.eligibleRows())
        .listener((StepListener) new ProgressReporter())
        .listener((StepListener) new StepCounterMetrics(meterRegistry, step.meterByContextKey()))
        .listener((StepListener) new CommittedContextGuard())
        .build();
  }
}
