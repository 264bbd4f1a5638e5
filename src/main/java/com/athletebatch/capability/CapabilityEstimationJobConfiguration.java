package com.athletebatch.capability;

import com.athletebatch.database.Dialect;
import com.athletebatch.database.RequiredTables;
import com.athletebatch.step.EligibleRowCounter;
import com.athletebatch.step.KeyRange;
import com.athletebatch.step.KeyRangePartitioner;
import com.athletebatch.step.LiveDatabase;
import com.athletebatch.step.PartitionWorker;
import com.athletebatch.step.SkipLog;
import com.athletebatch.step.StepCounterMetrics;
import com.athletebatch.step.StepRecipe;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code capabilityEstimation} job: a preflight check, then one chunk-oriented step that pages
 * through the users with capability events, estimates each user's four capabilities and upserts
 * them into {@code projections}, one transaction per chunk of users.
 */
@Configuration(proxyBeanMethods = false)
public class CapabilityEstimationJobConfiguration {

  public static final String JOB_NAME = "capabilityEstimation";
  public static final String STEP_NAME = "estimateCapabilities";

  @Bean
  public Job capabilityEstimation(
      JobRepository jobRepository,
      Step capabilityPreflight,
      Step estimateCapabilities,
      BackgroundJobsRecorder backgroundJobsRecorder) {
    return new JobBuilder(JOB_NAME, jobRepository)
        .listener(backgroundJobsRecorder)
        .start(capabilityPreflight)
        .next(estimateCapabilities)
        .build();
  }

  /** --changed-only's watermark in the job repository. */
  @Bean
  public ChangeWatermark changeWatermark(
      JobRepository jobRepository, JdbcTemplate jdbcTemplate, SkipLog skipLog) {
    return new ChangeWatermark(jobRepository, jdbcTemplate, skipLog);
  }

  /** kura's background_jobs controller row of each run (the runbook's queue-progress queries). */
  @Bean
  public BackgroundJobsRecorder backgroundJobsRecorder(DataSource dataSource, Dialect dialect) {
    return new BackgroundJobsRecorder(dataSource, dialect);
  }

  @Bean
  public Step capabilityPreflight(
      JobRepository jobRepository,
      PlatformTransactionManager transactionManager,
      DataSource dataSource) {
    return RequiredTables.preflightStep(
        "capabilityPreflight",
        JOB_NAME,
        CapabilityQueries.REQUIRED_TABLES,
        jobRepository,
        transactionManager,
        dataSource);
  }

  @Bean
  @JobScope
  public Step estimateCapabilities(
      StepRecipe recipe,
      JdbcPagingItemReader<UUID> capabilityUserReader,
      JdbcTemplate jdbcTemplate,
      Dialect dialect,
      SkipLog skipLog,
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      @Value("${" + LiveDatabase.LOCK_TIMEOUT_PROPERTY + ":5s}") Duration lockTimeout,
      PartitionWorker capabilityPartitionWorker,
      ChangeWatermark changeWatermark,
      @Value("#{jobExecution}") JobExecution jobExecution) {
    JobParameters parameters = jobExecution.getJobParameters();
    int partitions = KeyRangePartitioner.requested(parameters);
    if (partitions > 0) {
      // Issue 13: the users split into key ranges, each its own step execution on its own thread
      // (or remote worker). The --changed-only bound is fixed here, in the job's context, before
      // any partition reads, so every partition selects from the same watermark.
      Map<String, Object> params = new HashMap<>();
      String where =
          CapabilityQueries.readerWhere(
              CapabilitySelection.from(parameters), changeWatermark.changes(jobExecution), params);
      return recipe.partitionedStep(
          new StepRecipe.PartitionedStep(
              STEP_NAME,
              partitions,
              new KeyRangePartitioner(
                  KeyRangePartitioner.sqlKeys(
                      dataSource,
                      CapabilityQueries.countUsers(where),
                      CapabilityQueries.usersAtRanks(where),
                      params)),
              capabilityPartitionWorker,
              List.of(eligibleUsers(dataSource, changeWatermark))));
    }
    return recipe.chunkStep(
        chunkStep(
            capabilityUserReader,
            jdbcTemplate,
            dialect,
            skipLog,
            dataSource,
            transactionManager,
            lockTimeout,
            changeWatermark,
            parameters));
  }

  /** One partition of the step, for the local threads and the remote workers alike. */
  @Bean
  public PartitionWorker capabilityPartitionWorker(
      StepRecipe recipe,
      JdbcTemplate jdbcTemplate,
      Dialect dialect,
      SkipLog skipLog,
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      @Value("${" + LiveDatabase.LOCK_TIMEOUT_PROPERTY + ":5s}") Duration lockTimeout,
      ChangeWatermark changeWatermark) {
    return recipe.workerStep(
        STEP_NAME,
        stepExecution ->
            chunkStep(
                userReader(dataSource, changeWatermark, stepExecution),
                jdbcTemplate,
                dialect,
                skipLog,
                dataSource,
                transactionManager,
                lockTimeout,
                changeWatermark,
                stepExecution.getJobParameters()));
  }

  /** The step (or one partition of it): the reader's users, estimated and upserted. */
  private static StepRecipe.ChunkStep<UUID, UserProjections> chunkStep(
      JdbcPagingItemReader<UUID> reader,
      JdbcTemplate jdbcTemplate,
      Dialect dialect,
      SkipLog skipLog,
      DataSource dataSource,
      PlatformTransactionManager transactionManager,
      Duration lockTimeout,
      ChangeWatermark changeWatermark,
      JobParameters parameters) {
    CapabilitySelection selection = CapabilitySelection.from(parameters);
    ProjectionWriter writer =
        new ProjectionWriter(
            jdbcTemplate,
            dialect,
            skipLog,
            LiveDatabase.lockedRowBackOff(lockTimeout),
            new TransactionTemplate(transactionManager));
    UserEstimationProcessor processor =
        new UserEstimationProcessor(jdbcTemplate, dialect, selection, changeWatermark);
    return new StepRecipe.ChunkStep<UUID, UserProjections>(
        STEP_NAME,
        selection.chunkSize(),
        reader,
        processor,
        writer,
        List.of(processor, writer),
        eligibleUsers(dataSource, changeWatermark),
        Map.of(
            ProjectionWriter.USERS,
            StepCounterMetrics.USERS_ESTIMATED,
            ProjectionWriter.USERS_SKIPPED,
            StepCounterMetrics.USERS_SKIPPED,
            ProjectionWriter.PROJECTIONS,
            StepCounterMetrics.PROJECTIONS_WRITTEN,
            ProjectionWriter.EVENTS_SKIPPED,
            StepCounterMetrics.EVENTS_SKIPPED,
            ProjectionWriter.NEWER_PROJECTION,
            StepCounterMetrics.PROJECTIONS_NEWER,
            ProjectionWriter.ROW_LOCKED,
            StepCounterMetrics.ROWS_LOCKED));
  }

  /** The progress total: the step's users (a partition's: those of its key range). */
  private static EligibleRowCounter eligibleUsers(
      DataSource dataSource, ChangeWatermark changeWatermark) {
    return new EligibleRowCounter(
        dataSource,
        stepExecution -> {
          Map<String, Object> params = new HashMap<>();
          String where = where(stepExecution, changeWatermark, params);
          return new EligibleRowCounter.CountQuery(
              CapabilityQueries.countUsers(where), params, CapabilityQueries.users(where));
        });
  }

  /**
   * The selection's condition (with --changed-only's bound), and the partition's key range when the
   * step is a partition.
   */
  private static String where(
      StepExecution stepExecution, ChangeWatermark changeWatermark, Map<String, Object> params) {
    String where =
        CapabilityQueries.readerWhere(
            CapabilitySelection.from(stepExecution.getJobParameters()),
            changeWatermark.changes(stepExecution.getJobExecution()),
            params);
    return where
        + KeyRange.of(stepExecution.getExecutionContext())
            .map(range -> range.and("user_id", UUID::fromString, params))
            .orElse("");
  }

  /** Returns the concrete reader type so that the step scope registers it as an ItemStream. */
  @Bean
  @StepScope
  public JdbcPagingItemReader<UUID> capabilityUserReader(
      DataSource dataSource,
      ChangeWatermark changeWatermark,
      @Value("#{stepExecution}") StepExecution stepExecution)
      throws Exception {
    return userReader(dataSource, changeWatermark, stepExecution);
  }

  private static JdbcPagingItemReader<UUID> userReader(
      DataSource dataSource, ChangeWatermark changeWatermark, StepExecution stepExecution) {
    CapabilitySelection selection = CapabilitySelection.from(stepExecution.getJobParameters());
    Map<String, Object> params = new HashMap<>();
    String where = where(stepExecution, changeWatermark, params);
    boolean changedOnly = changeWatermark.changes(stepExecution.getJobExecution()) != null;
    String from =
        changedOnly ? CapabilityQueries.changedUsersFrom(where) : CapabilityQueries.EVENTS_TABLE;
    // Page size = chunk size: the saved position is always a page boundary.
    try {
      return new JdbcPagingItemReaderBuilder<UUID>()
          .name("capabilityUserReader")
          .dataSource(dataSource)
          .selectClause("DISTINCT user_id")
          .fromClause(from)
          .whereClause(changedOnly ? null : where)
          .sortKeys(Map.of("user_id", Order.ASCENDING))
          .parameterValues(params)
          .pageSize(selection.chunkSize())
          .rowMapper((rs, n) -> rs.getObject("user_id", UUID.class))
          .saveState(true)
          .build();
    } catch (Exception e) {
      throw new IllegalStateException("cannot build the user reader", e);
    }
  }
}
