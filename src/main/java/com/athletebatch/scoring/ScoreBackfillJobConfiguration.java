package com.athletebatch.scoring;

import com.athletebatch.database.Dialect;
import com.athletebatch.database.RequiredTables;
import com.athletebatch.scoring.nutrition.NutritionFacts;
import com.athletebatch.scoring.nutrition.NutritionScorer;
import com.athletebatch.scoring.workout.WorkoutFacts;
import com.athletebatch.scoring.workout.WorkoutScorer;
import com.athletebatch.step.AutocommitReader;
import com.athletebatch.step.DeferredTransactions;
import com.athletebatch.step.EligibleRowCounter;
import com.athletebatch.step.KeyRange;
import com.athletebatch.step.KeyRangePartitioner;
import com.athletebatch.step.LiveDatabase;
import com.athletebatch.step.PartitionWorker;
import com.athletebatch.step.SkipLog;
import com.athletebatch.step.StepCounterMetrics;
import com.athletebatch.step.StepRecipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.listener.StepListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.JobContext;
import org.springframework.batch.core.scope.context.JobSynchronizationManager;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code scoreBackfill} job: a preflight check, then one chunk-oriented step per table. Each
 * step pages through the eligible rows by primary key, scores them with the plain-Java scorers and
 * writes the scores back in one batched UPDATE per chunk, in the chunk's transaction together with
 * the reader's position; so a restart continues after the last committed chunk.
 */
@Configuration(proxyBeanMethods = false)
public class ScoreBackfillJobConfiguration {

  public static final String JOB_NAME = "scoreBackfill";

  @Bean
  public Job scoreBackfill(
      JobRepository jobRepository,
      Step scorePreflight,
      Step scoreWorkouts,
      Step scoreNutrition,
      ObjectProvider<ScoringModel> model) {
    // The two tables are independent: their steps run side by side, each on its own connection,
    // so one table's scoring (Java) overlaps the other's reads and writes (PostgreSQL). Each
    // step keeps its own reader position; a restart reruns only the step(s) that did not complete.
    Flow workouts = new FlowBuilder<Flow>("scoreWorkoutsFlow").start(scoreWorkouts).build();
    Flow nutrition = new FlowBuilder<Flow>("scoreNutritionFlow").start(scoreNutrition).build();
    Flow tables =
        new FlowBuilder<Flow>("scoreTables")
            .split(jobScopedExecutor())
            .add(workouts, nutrition)
            .build();
    // next(): any outcome of the preflight but COMPLETED fails the job.
    Flow preflight = new FlowBuilder<Flow>("scorePreflightFlow").start(scorePreflight).build();
    JobBuilder builder = new JobBuilder(JOB_NAME, jobRepository);
    model.ifAvailable(builder::listener);
    return builder.start(preflight).next(tables).end().build();
  }

  /**
   * Threads for the split that carry the job scope of the thread that starts them, so that the
   * {@code @JobScope} steps (which read the job parameters) resolve there too.
   */
  private static SimpleAsyncTaskExecutor jobScopedExecutor() {
    SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("score-");
    executor.setTaskDecorator(
        task -> {
          JobContext context = JobSynchronizationManager.getContext();
          JobExecution execution = context == null ? null : context.getJobExecution();
          return () -> {
            if (execution != null) {
              JobSynchronizationManager.register(execution);
            }
            try {
              task.run();
            } finally {
              if (execution != null) {
                JobSynchronizationManager.release();
              }
            }
          };
        });
    return executor;
  }

  /** Fails at once, naming the table, when an upstream table is missing. Runs again on restart. */
  @Bean
  public Step scorePreflight(
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      DataSource dataSource) {
    return RequiredTables.preflightStep(
        "scorePreflight",
        JOB_NAME,
        ScoringQueries.REQUIRED_TABLES,
        jobRepository,
        transactionManager,
        dataSource);
  }

  @Bean
  @JobScope
  public Step scoreWorkouts(
      StepRecipe recipe,
      JdbcPagingItemReader<ReadRow<WorkoutFacts>> workoutReader,
      Dialect dialect,
      JdbcTemplate jdbcTemplate,
      SkipLog skipLog,
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      @Value("${" + LiveDatabase.LOCK_TIMEOUT_PROPERTY + ":5s}") Duration lockTimeout,
      PartitionWorker scoreWorkoutsPartitionWorker,
      ObjectProvider<ScoringModel> model,
      @Value("#{jobExecution}") JobExecution jobExecution) {
    ScoreSelection selection = ScoreSelection.from(jobExecution.getJobParameters());
    Writing writing = new Writing(dialect, jdbcTemplate, skipLog, transactionManager, lockTimeout);
    ScoringModel.Stage llm = modelStage(model, jobExecution);
    return scoreStep(
        ScoreTable.WORKOUT,
        selection,
        workoutReader,
        workoutProcessor(selection),
        FactsRowMappers.WORKOUT,
        recipe,
        writing,
        dataSource,
        jobExecution.getJobParameters(),
        scoreWorkoutsPartitionWorker,
        llm);
  }

  @Bean
  @JobScope
  public Step scoreNutrition(
      StepRecipe recipe,
      JdbcPagingItemReader<ReadRow<NutritionFacts>> nutritionReader,
      Dialect dialect,
      JdbcTemplate jdbcTemplate,
      SkipLog skipLog,
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      @Value("${" + LiveDatabase.LOCK_TIMEOUT_PROPERTY + ":5s}") Duration lockTimeout,
      PartitionWorker scoreNutritionPartitionWorker,
      ObjectProvider<ScoringModel> model,
      @Value("#{jobExecution}") JobExecution jobExecution) {
    ScoreSelection selection = ScoreSelection.from(jobExecution.getJobParameters());
    Writing writing = new Writing(dialect, jdbcTemplate, skipLog, transactionManager, lockTimeout);
    ScoringModel.Stage llm = modelStage(model, jobExecution);
    return scoreStep(
        ScoreTable.NUTRITION,
        selection,
        nutritionReader,
        nutritionProcessor(selection),
        FactsRowMappers.NUTRITION,
        recipe,
        writing,
        dataSource,
        jobExecution.getJobParameters(),
        scoreNutritionPartitionWorker,
        llm);
  }

  /** The run's model stage, null for the deterministic scorer. */
  private static ScoringModel.Stage modelStage(
      ObjectProvider<ScoringModel> model, JobExecution jobExecution) {
    ScoringModel m = model.getIfAvailable();
    return m == null ? null : m.stage(jobExecution);
  }

  /** What the writer of a step (or of one partition) needs. */
  private record Writing(
      Dialect dialect,
      JdbcTemplate jdbcTemplate,
      SkipLog skipLog,
      PlatformTransactionManager transactionManager,
      Duration lockTimeout) {}

  public static ScoringProcessor<WorkoutFacts> workoutProcessor(ScoreSelection selection) {
    WorkoutScorer scorer = new WorkoutScorer();
    return new ScoringProcessor<>(
        ScoreTable.WORKOUT, f -> f.date().isAfter(selection.asOf()), scorer::score);
  }

  public static ScoringProcessor<NutritionFacts> nutritionProcessor(ScoreSelection selection) {
    NutritionScorer scorer = new NutritionScorer();
    return new ScoringProcessor<>(
        ScoreTable.NUTRITION, f -> f.date().isAfter(selection.asOf().toLocalDate()), scorer::score);
  }

  /** One partition of scoreWorkouts, for the local threads and the remote workers alike. */
  @Bean
  public PartitionWorker scoreWorkoutsPartitionWorker(
      StepRecipe recipe,
      Dialect dialect,
      JdbcTemplate jdbcTemplate,
      SkipLog skipLog,
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      @Value("${" + LiveDatabase.LOCK_TIMEOUT_PROPERTY + ":5s}") Duration lockTimeout) {
    return partitionWorker(
        recipe,
        ScoreTable.WORKOUT,
        FactsRowMappers.WORKOUT,
        ScoreBackfillJobConfiguration::workoutProcessor,
        new Writing(dialect, jdbcTemplate, skipLog, transactionManager, lockTimeout),
        dataSource);
  }

  /** One partition of scoreNutrition, for the local threads and the remote workers alike. */
  @Bean
  public PartitionWorker scoreNutritionPartitionWorker(
      StepRecipe recipe,
      Dialect dialect,
      JdbcTemplate jdbcTemplate,
      SkipLog skipLog,
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      @Value("${" + LiveDatabase.LOCK_TIMEOUT_PROPERTY + ":5s}") Duration lockTimeout) {
    return partitionWorker(
        recipe,
        ScoreTable.NUTRITION,
        FactsRowMappers.NUTRITION,
        ScoreBackfillJobConfiguration::nutritionProcessor,
        new Writing(dialect, jdbcTemplate, skipLog, transactionManager, lockTimeout),
        dataSource);
  }

  /** A partition of a table's step: its key range read, scored and written as the whole step. */
  private static <F> PartitionWorker partitionWorker(
      StepRecipe recipe,
      ScoreTable table,
      RowMapper<ReadRow<F>> rowMapper,
      Function<ScoreSelection, ScoringProcessor<F>> processor,
      Writing writing,
      DataSource dataSource) {
    return recipe.workerStep(
        table.stepName(),
        stepExecution -> {
          ScoreSelection selection = ScoreSelection.from(stepExecution.getJobParameters());
          return chunkStep(
              table,
              selection,
              reader(table, dataSource, writing.dialect(), stepExecution, rowMapper),
              processor.apply(selection),
              rowMapper,
              writing,
              dataSource,
              List.of(),
              null,
              null);
        });
  }

  private static <F> Step scoreStep(
      ScoreTable table,
      ScoreSelection selection,
      JdbcPagingItemReader<ReadRow<F>> reader,
      ScoringProcessor<F> processor,
      RowMapper<ReadRow<F>> rowMapper,
      StepRecipe recipe,
      Writing writing,
      DataSource dataSource,
      JobParameters parameters,
      PartitionWorker partitionWorker,
      ScoringModel.Stage llm) {
    Dialect dialect = writing.dialect();
    int partitions = KeyRangePartitioner.requested(parameters);
    if (partitions > 0 && llm != null) {
      // The model calls run concurrently inside each chunk (--llm-concurrency) instead.
      throw new IllegalStateException("the " + llm.scorer() + " scorer does not run partitioned");
    }
    if (partitions > 0) {
      // Issue 13: the table's rows split into id ranges, each its own step execution on its own
      // thread. The future-dated rows are recorded once, by the step as a whole.
      Map<String, Object> params = new HashMap<>();
      String where = ScoringQueries.eligibleWhere(table, selection, dialect, params);
      return recipe.partitionedStep(
          new StepRecipe.PartitionedStep(
              table.stepName(),
              partitions,
              new KeyRangePartitioner(
                  KeyRangePartitioner.sqlKeys(
                      dataSource,
                      ScoringQueries.count(table, where),
                      ScoringQueries.idsAtRanks(table, where),
                      params)),
              partitionWorker,
              List.of(
                  eligibleRowCounter(table, dialect, dataSource),
                  new FutureDatedRows(table, dialect, dataSource, writing.skipLog()))));
    }
    List<StepListener> futureDated =
        List.of(new FutureDatedRows(table, dialect, dataSource, writing.skipLog()));
    if (llm != null) {
      // Issue 14: a chunk's transaction takes its connection only at the writer's first statement;
      // the reader reads outside it, so the model calls between hold no transaction open.
      DeferredTransactions transactions = new DeferredTransactions(dataSource);
      return recipe.chunkStep(
          chunkStep(
              table,
              selection,
              new AutocommitReader<>(reader, transactions),
              processor,
              rowMapper,
              writing,
              dataSource,
              futureDated,
              llm,
              transactions),
          transactions);
    }
    return recipe.chunkStep(
        chunkStep(
            table,
            selection,
            reader,
            processor,
            rowMapper,
            writing,
            dataSource,
            futureDated,
            null,
            null));
  }

  /** The step (or one partition of it): the reader's rows, scored and written. */
  private static <F> StepRecipe.ChunkStep<ReadRow<F>, ScoredRow> chunkStep(
      ScoreTable table,
      ScoreSelection selection,
      org.springframework.batch.infrastructure.item.ItemStreamReader<ReadRow<F>> reader,
      ScoringProcessor<F> processor,
      RowMapper<ReadRow<F>> rowMapper,
      Writing writing,
      DataSource dataSource,
      List<StepListener> moreListeners,
      ScoringModel.Stage llm,
      DeferredTransactions transactions) {
    Dialect dialect = writing.dialect();
    // The locked-row retry pass (after the step, outside the chunk transactions): the rows read
    // again under the run's selection, scored by the step's own processor.
    NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(writing.jdbcTemplate());
    Function<List<String>, List<ScoredRow>> reread =
        ids -> {
          Map<String, Object> params = new HashMap<>();
          String where = ScoringQueries.eligibleWhere(table, selection, dialect, params);
          params.put("ids", ids);
          List<ScoredRow> rows = new ArrayList<>();
          for (ReadRow<F> row :
              named.query(
                  ScoringQueries.readerRowsById(table, where, dialect), params, rowMapper)) {
            ScoredRow scored = processor.process(row);
            if (scored != null) {
              rows.add(scored);
            }
          }
          return llm == null ? rows : llm.retryPass(rows);
        };
    Duration backOff = LiveDatabase.lockedRowBackOff(writing.lockTimeout());
    ScoreWriter writer =
        new ScoreWriter(
            table,
            dialect,
            writing.jdbcTemplate(),
            writing.skipLog(),
            new ScoreWriter.LockedRowRetry(
                backOff, reread, new TransactionTemplate(writing.transactionManager())));
    List<StepListener> listeners = new ArrayList<>();
    listeners.add(writer);
    Map<String, String> meters = new HashMap<>();
    org.springframework.batch.infrastructure.item.ItemWriter<ScoredRow> stepWriter = writer;
    if (llm != null) {
      ScoringModel.ModelWriter modelWriter = llm.writer(writer, transactions);
      listeners.add(modelWriter);
      stepWriter = modelWriter;
      meters.putAll(llm.meters());
    }
    listeners.addAll(moreListeners);
    meters.putAll(
        Map.of(
            ScoreWriter.SCORED,
            StepCounterMetrics.ROWS_SCORED,
            ScoreWriter.SKIPPED_EMPTY,
            StepCounterMetrics.ROWS_SKIPPED,
            ScoreWriter.FAILED,
            StepCounterMetrics.ROWS_FAILED,
            ScoreWriter.CHANGED_CONCURRENTLY,
            StepCounterMetrics.ROWS_CHANGED_CONCURRENTLY,
            ScoreWriter.ROW_LOCKED,
            StepCounterMetrics.ROWS_LOCKED));
    return new StepRecipe.ChunkStep<ReadRow<F>, ScoredRow>(
        table.stepName(),
        selection.chunkSize(),
        reader,
        processor,
        stepWriter,
        listeners,
        eligibleRowCounter(table, dialect, dataSource),
        meters);
  }

  /** Returns the concrete reader type so that the step scope registers it as an ItemStream. */
  @Bean
  @StepScope
  public JdbcPagingItemReader<ReadRow<WorkoutFacts>> workoutReader(
      DataSource dataSource,
      Dialect dialect,
      @Value("#{stepExecution}") StepExecution stepExecution)
      throws Exception {
    return reader(ScoreTable.WORKOUT, dataSource, dialect, stepExecution, FactsRowMappers.WORKOUT);
  }

  @Bean
  @StepScope
  public JdbcPagingItemReader<ReadRow<NutritionFacts>> nutritionReader(
      DataSource dataSource,
      Dialect dialect,
      @Value("#{stepExecution}") StepExecution stepExecution)
      throws Exception {
    return reader(
        ScoreTable.NUTRITION, dataSource, dialect, stepExecution, FactsRowMappers.NUTRITION);
  }

  private static <T> JdbcPagingItemReader<T> reader(
      ScoreTable table,
      DataSource dataSource,
      Dialect dialect,
      StepExecution stepExecution,
      RowMapper<T> rowMapper) {
    ScoreSelection selection = ScoreSelection.from(stepExecution.getJobParameters());
    Map<String, Object> params = new HashMap<>();
    String where =
        ScoringQueries.eligibleWhere(table, selection, dialect, params)
            + partitionRange(stepExecution, params);
    // The page size equals the chunk size, so the saved position always sits on a page
    // boundary: rows scored before a failure no longer match and must not be skipped over.
    try {
      return new JdbcPagingItemReaderBuilder<T>()
          .name(table.stepName() + "Reader")
          .dataSource(dataSource)
          .selectClause("*")
          .fromClause(ScoringQueries.readerFrom(table, where, dialect))
          .sortKeys(Map.of("id", Order.ASCENDING))
          .parameterValues(params)
          .pageSize(selection.chunkSize())
          .rowMapper(rowMapper)
          .saveState(true)
          .build();
    } catch (Exception e) {
      throw new IllegalStateException("cannot build the " + table.stepName() + " reader", e);
    }
  }

  private static EligibleRowCounter eligibleRowCounter(
      ScoreTable table, Dialect dialect, DataSource dataSource) {
    return new EligibleRowCounter(
        dataSource,
        stepExecution -> {
          Map<String, Object> params = new HashMap<>();
          String where =
              ScoringQueries.eligibleWhere(
                      table, ScoreSelection.from(stepExecution.getJobParameters()), dialect, params)
                  + partitionRange(stepExecution, params);
          return new EligibleRowCounter.CountQuery(
              ScoringQueries.count(table, where),
              params,
              ScoringQueries.eligibleRows(table, where));
        });
  }

  /** A partition's id range (none for the step as a whole), to AND to the selection. */
  private static String partitionRange(StepExecution stepExecution, Map<String, Object> params) {
    return KeyRange.of(stepExecution.getExecutionContext())
        .map(range -> range.and("x.id", id -> id, params))
        .orElse("");
  }
}
