package com.athletebatch.operations;

import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    @Bean
    public JobRunner jobRunner(JobOperator jobOperator, JobRepository jobRepository) {
        return new JobRunner(jobOperator, jobRepository);
    }
}
