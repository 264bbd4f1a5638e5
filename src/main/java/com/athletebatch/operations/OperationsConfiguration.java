package com.athletebatch.operations;

import java.time.Duration;
import javax.sql.DataSource;

import com.athletebatch.database.Dialect;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    /** How often a run that failed with a transient database error is restarted before the command fails. */
    public static final String TRANSIENT_RETRIES = "athlete-batch.transient-retries";
    /** The first wait before such a restart; it doubles each time. */
    public static final String RETRY_BACKOFF = "athlete-batch.retry-backoff";

    @Bean
    public JobRunner jobRunner(JobOperator jobOperator, JobRepository jobRepository, DataSource dataSource,
                               Dialect dialect, @Value("${" + TRANSIENT_RETRIES + ":3}") int retries,
                               @Value("${" + RETRY_BACKOFF + ":1s}") Duration backoff) {
        return new JobRunner(jobOperator, jobRepository, dataSource, dialect, retries, backoff);
    }
}
