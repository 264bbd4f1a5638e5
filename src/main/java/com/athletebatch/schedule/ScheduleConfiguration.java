package com.athletebatch.schedule;

import com.athletebatch.capability.CapabilityEstimationJobConfiguration;
import com.athletebatch.operations.JobRunner;
import com.athletebatch.operations.LiveJobExecutions;
import com.athletebatch.scoring.ScoreBackfillJobConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ScheduleConfiguration {

  @Bean
  public NightlyRun nightlyRun(
      JobRunner jobRunner,
      JobRepository jobRepository,
      @Qualifier(ScoreBackfillJobConfiguration.JOB_NAME) Job scoreBackfill,
      @Qualifier(CapabilityEstimationJobConfiguration.JOB_NAME) Job capabilityEstimation,
      MeterRegistry meterRegistry,
      @Value("${" + NightlyRun.PARTITIONS_PROPERTY + ":0}") int partitions,
      org.springframework.core.env.Environment environment) {
    return new NightlyRun(
            jobRunner,
            jobRepository,
            scoreBackfill,
            capabilityEstimation,
            meterRegistry,
            partitions)
        .withScorer(com.athletebatch.scoring.llm.LlmRun.fromProperties(environment::getProperty));
  }

  /** Idle until the schedule command starts it. */
  @Bean
  public NightlyScheduler nightlyScheduler(
      NightlyRun nightlyRun, LiveJobExecutions liveJobExecutions, MeterRegistry meterRegistry) {
    return new NightlyScheduler(nightlyRun, liveJobExecutions, meterRegistry);
  }
}
