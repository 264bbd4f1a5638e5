package com.athletebatch.support;

import com.athletebatch.database.DatabaseUrl;
import com.athletebatch.operations.ApplicationContextStarter;
import java.util.Map;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application's own context on a test database, and spring-batch-test's JobOperatorTestUtils
 * for one of its jobs: the set-up shared by the job and step tests.
 */
public final class BatchTestContext {

  private BatchTestContext() {}

  /** The application context the CLI starts, on {@code db}, with the batch metadata in "batch". */
  public static ConfigurableApplicationContext start(TestDatabase db) {
    return ApplicationContextStarter.start(DatabaseUrl.parse(db.jdbcUrl()), "batch", Map.of());
  }

  /** JobOperatorTestUtils for the job bean named {@code jobName}. */
  public static JobOperatorTestUtils testUtils(
      ConfigurableApplicationContext context, String jobName) {
    JobOperatorTestUtils utils =
        new JobOperatorTestUtils(
            context.getBean(JobOperator.class), context.getBean(JobRepository.class));
    utils.setJob(context.getBean(jobName, Job.class));
    return utils;
  }
}
