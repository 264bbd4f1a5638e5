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
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilderFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
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
  private final ObjectProvider<RemotePartitioning> remote;
  private final ObjectProvider<RemotePartitioningManagerStepBuilderFactory> managerSteps;

  /** Threads only: partitioned steps run in this JVM. */
  public StepRecipe(
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      MeterRegistry meterRegistry) {
    this(
        jobRepository,
        transactionManager,
        meterRegistry,
        new StaticListableBeanFactory().getBeanProvider(RemotePartitioning.class),
        new StaticListableBeanFactory()
            .getBeanProvider(RemotePartitioningManagerStepBuilderFactory.class));
  }

  @Autowired
  public StepRecipe(
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      MeterRegistry meterRegistry,
      ObjectProvider<RemotePartitioning> remote,
      ObjectProvider<RemotePartitioningManagerStepBuilderFactory> managerSteps) {
    this.jobRepository = jobRepository;
    this.transactionManager = transactionManager;
    this.meterRegistry = meterRegistry;
    this.remote = remote;
    this.managerSteps = managerSteps;
  }

  /**
   * A step split into key ranges run side by side (issue 13).
   *
   * @param name the step's name; the partitions are step executions named {@code name:partitionI}
   * @param partitions how many ranges, on as many threads
   * @param partitioner the ranges
   * @param worker the step of one partition ({@link #workerStep}), named as this step
   * @param managerListeners listeners of the step as a whole (e.g. the total row count), run once
   *     around all partitions
   */
  public record PartitionedStep(
      String name,
      int partitions,
      KeyRangePartitioner partitioner,
      PartitionWorker worker,
      List<StepExecutionListener> managerListeners) {}

  /**
   * The partitioned step: with a broker configured ({@link RemotePartitioning}), a manager step
   * whose partitions run on the worker processes; else the partitions run on threads of this JVM.
   */
  public Step partitionedStep(PartitionedStep step) {
    RemotePartitioning broker = remote.getIfAvailable();
    if (broker != null) {
      return broker.managerStep(
          managerSteps.getObject(),
          step.name(),
          step.partitions(),
          step.partitioner(),
          step.managerListeners());
    }
    Step worker = step.worker().step();
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
   * The step that runs one partition: a fresh chunk step from the recipe for each step execution,
   * whose context holds the partition's {@link KeyRange}. (One chunk step shared by the partition
   * threads would share its reader's, writer's and listeners' per-execution state.)
   */
  public PartitionWorker workerStep(String name, Function<StepExecution, ChunkStep<?, ?>> recipe) {
    return new PartitionWorker(
        new Step() {
          @Override
          public String getName() {
            return name;
          }

          @Override
          public void execute(StepExecution stepExecution) throws JobInterruptedException {
            chunkStep(recordingWorker(recipe.apply(stepExecution))).execute(stepExecution);
          }
        });
  }

  /**
   * Records which process (host, pid, thread) runs the partition, for the summary, {@code status}
   * and the dashboard; saved when the step starts, before its first chunk.
   */
  private static <I, O> ChunkStep<I, O> recordingWorker(ChunkStep<I, O> step) {
    List<StepListener> listeners = new java.util.ArrayList<>();
    listeners.add(
        new StepExecutionListener() {
          @Override
          public void beforeStep(StepExecution stepExecution) {
            KeyRange.recordWorker(stepExecution.getExecutionContext());
          }
        });
    listeners.addAll(step.listeners());
    return new ChunkStep<>(
        step.name(),
        step.chunkSize(),
        step.reader(),
        step.processor(),
        step.writer(),
        listeners,
        step.eligibleRows(),
        step.meterByContextKey());
  }

  public <I, O> Step chunkStep(ChunkStep<I, O> step) {
    return chunkStep(step, transactionManager);
  }

  /**
   * The recipe with the chunks' transactions from {@code transactions}, e.g. {@link
   * DeferredTransactions} for a step that waits on a slow service between reading and writing.
   */
  public <I, O> Step chunkStep(ChunkStep<I, O> step, PlatformTransactionManager transactions) {
    ChunkOrientedStepBuilder<I, O> builder =
        new StepBuilder(step.name(), jobRepository)
            .<I, O>chunk(step.chunkSize())
            .transactionManager(transactions)
            .reader(step.reader())
            .processor(step.processor())
            .writer(step.writer());
    for (StepListener listener : step.listeners()) {
      builder.listener(listener);
    }
    ChunkPause.configured().ifPresent(pause -> builder.listener((StepListener) pause));
    return builder
        .listener((StepListener) step.eligibleRows())
        .listener((StepListener) new ProgressReporter())
        .listener((StepListener) new StepCounterMetrics(meterRegistry, step.meterByContextKey()))
        .listener((StepListener) new CommittedContextGuard())
        .build();
  }
}
