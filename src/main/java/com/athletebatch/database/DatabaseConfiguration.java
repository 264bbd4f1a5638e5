package com.athletebatch.database;

import javax.sql.DataSource;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.dao.JacksonExecutionContextStringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every job needs from the database: its dialect and the job-repository schema (created when
 * missing, in its own schema, with the product's skip-log table beside it).
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

  /** Where the Spring Batch tables live; never the application's schema. */
  public static final String BATCH_SCHEMA_PROPERTY = "athlete-batch.batch-schema";

  @Bean
  public Dialect dialect(DataSource dataSource) {
    return Dialect.of(dataSource);
  }

  @Bean
  public JobRepositorySchema jobRepositorySchema(
      DataSource dataSource,
      Dialect dialect,
      @Value("${" + BATCH_SCHEMA_PROPERTY + ":batch}") String schema) {
    JobRepositorySchema repositorySchema = new JobRepositorySchema(dataSource, dialect, schema);
    repositorySchema.createIfMissing();
    return repositorySchema;
  }

  /**
   * Execution contexts as JSON rather than Base64-encoded Java serialization, so that progress
   * (e.g. {@code progress.total}) can be read from the job repository with plain SQL.
   */
  @Bean
  public ExecutionContextSerializer executionContextSerializer() {
    return new JacksonExecutionContextStringSerializer();
  }
}
