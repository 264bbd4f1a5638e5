package com.athletebatch.step;

import com.athletebatch.database.Dialect;
import com.athletebatch.database.JobRepositorySchema;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The step toolkit's shared beans: the skip log and the partition heartbeat, in the job-repository
 * schema; the data source as {@link LiveDatabase} (application_name, lock and statement timeouts on
 * PostgreSQL).
 */
@Configuration(proxyBeanMethods = false)
public class StepToolkitConfiguration {

  @Bean
  public SkipLog skipLog(
      JdbcTemplate jdbcTemplate, JobRepositorySchema jobRepositorySchema, Dialect dialect) {
    return new SkipLog(jdbcTemplate, jobRepositorySchema.skipLogTable(), dialect);
  }

  /** The remote workers' partition claims (used by workers and by the manager's watchdog). */
  @Bean
  public PartitionHeartbeat partitionHeartbeat(
      JdbcTemplate jdbcTemplate, JobRepositorySchema jobRepositorySchema) {
    return new PartitionHeartbeat(jdbcTemplate, jobRepositorySchema.partitionHeartbeatTable());
  }

  /**
   * Wraps the one DataSource before anything uses it, so that the transaction manager, the job
   * repository and the jobs' JdbcTemplates all hand out {@link LiveDatabase} connections.
   */
  @Bean
  public static BeanPostProcessor liveDatabase(Environment environment) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !(bean instanceof LiveDatabase)) {
          String url = environment.getProperty("spring.datasource.url", "");
          return new LiveDatabase(
              dataSource,
              url.startsWith("jdbc:postgresql:"),
              environment.getProperty(
                  LiveDatabase.LOCK_TIMEOUT_PROPERTY,
                  Duration.class,
                  LiveDatabase.DEFAULT_LOCK_TIMEOUT),
              environment.getProperty(
                  LiveDatabase.STATEMENT_TIMEOUT_PROPERTY,
                  Duration.class,
                  LiveDatabase.DEFAULT_STATEMENT_TIMEOUT));
        }
        return bean;
      }
    };
  }
}
