package com.athletebatch.operations;

import java.time.Duration;

import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    @Bean
    public JobRunner jobRunner(JobOperator jobOperator, JobRepository jobRepository) {
        return new JobRunner(jobOperator, jobRepository);
    }

    @Bean
    public LiveJobExecutions liveJobExecutions(ObjectProvider<JobOperator> jobOperator,
            ObjectProvider<JobRepository> jobRepository,
            @Value("${athlete-batch.shutdown-timeout:60s}") Duration timeout) {
        return new LiveJobExecutions(jobOperator::getObject, jobRepository::getObject, timeout);
    }

    /** Every job reports its executions to {@link LiveJobExecutions}, so that a shutdown can stop them. */
    @Bean
    static BeanPostProcessor liveJobExecutionsRegistrar(ObjectProvider<LiveJobExecutions> liveJobExecutions) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractJob job) {
                    job.registerJobExecutionListener(liveJobExecutions.getObject());
                }
                return bean;
            }
        };
    }
}
