package com.athletebatch.operations;

import com.athletebatch.database.Dialect;
import com.athletebatch.database.JobRepositorySchema;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

  public static final String HEARTBEAT_INTERVAL_PROPERTY = "athlete-batch.heartbeat.interval";
  public static final String STALE_AFTER_PROPERTY = "athlete-batch.heartbeat.stale-after";

  /**
   * How often a run that failed with a transient database error is restarted before the command
   * fails.
   */
  public static final String TRANSIENT_RETRIES = "athlete-batch.transient-retries";

  /** The first wait before such a restart; it doubles each time. */
  public static final String RETRY_BACKOFF = "athlete-batch.retry-backoff";

  @Bean
  public Heartbeat heartbeat(
      JdbcTemplate jdbcTemplate,
      JobRepositorySchema jobRepositorySchema,
      @Value("${" + HEARTBEAT_INTERVAL_PROPERTY + ":10s}") Duration interval,
      @Value("${" + STALE_AFTER_PROPERTY + ":60s}") Duration staleAfter) {
    return new Heartbeat(jdbcTemplate, jobRepositorySchema.heartbeatTable(), interval, staleAfter);
  }

  /**
   * Every job, whichever configuration defines it, keeps a heartbeat while it runs, reports its
   * executions to {@link LiveJobExecutions}, so that a shutdown can stop them, and tells {@link
   * JobRunner} that it has begun.
   */
  @Bean
  public static BeanPostProcessor operationsListenersOnEveryJob(
      ObjectProvider<Heartbeat> heartbeat,
      ObjectProvider<LiveJobExecutions> liveJobExecutions,
      ObjectProvider<RunStartSignal> runStartSignal) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AbstractJob job) {
          job.registerJobExecutionListener(heartbeat.getObject());
          job.registerJobExecutionListener(liveJobExecutions.getObject());
          // Last: the launch lock goes once the run is recorded and its heartbeat beats.
          job.registerJobExecutionListener(runStartSignal.getObject());
        }
        return bean;
      }
    };
  }

  @Bean
  RunStartSignal runStartSignal() {
    return new RunStartSignal();
  }

  @Bean
  public JobRunner jobRunner(
      JobOperator jobOperator,
      JobRepository jobRepository,
      Heartbeat heartbeat,
      LiveJobExecutions liveJobExecutions,
      RunStartSignal runStartSignal,
      DataSource dataSource,
      Dialect dialect,
      @Value("${" + TRANSIENT_RETRIES + ":3}") int retries,
      @Value("${" + RETRY_BACKOFF + ":1s}") Duration backoff) {
    return new JobRunner(
        jobOperator,
        jobRepository,
        heartbeat,
        liveJobExecutions,
        runStartSignal,
        LaunchLock.forDialect(dialect, dataSource),
        retries,
        backoff);
  }

  @Bean
  public JobControl jobControl(
      JobOperator jobOperator, JobRepository jobRepository, Heartbeat heartbeat) {
    return new JobControl(jobOperator, jobRepository, heartbeat);
  }

  @Bean
  public MonitoringQueries monitoringQueries(
      DataSource dataSource, JobRepositorySchema jobRepositorySchema) {
    return new MonitoringQueries(dataSource, jobRepositorySchema.schema());
  }

  @Bean
  public LiveJobExecutions liveJobExecutions(
      ObjectProvider<JobOperator> jobOperator,
      ObjectProvider<JobRepository> jobRepository,
      @Value("${athlete-batch.shutdown-timeout:60s}") Duration timeout) {
    return new LiveJobExecutions(jobOperator::getObject, jobRepository::getObject, timeout);
  }
}
