package com.athletebatch.step;

import com.athletebatch.database.JobRepositorySchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The step toolkit's shared beans: the skip log, in the job-repository schema. */
@Configuration(proxyBeanMethods = false)
public class StepToolkitConfiguration {

  @Bean
  public SkipLog skipLog(JdbcTemplate jdbcTemplate, JobRepositorySchema jobRepositorySchema) {
    return new SkipLog(jdbcTemplate, jobRepositorySchema.skipLogTable());
  }
}
