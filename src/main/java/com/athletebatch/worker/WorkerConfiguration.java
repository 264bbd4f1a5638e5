package com.athletebatch.worker;

import com.athletebatch.step.PartitionWorker;
import com.athletebatch.step.RemotePartitioning;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * The worker's side of remote partitioning, present only in the {@code worker} command's context
 * ({@value #THREADS_PROPERTY}): Spring Integration's AMQP inbound adapter takes requests from the
 * partition queue on {@code threads} consumers, each with a prefetch of one, and hands each to
 * Spring Batch Integration's {@link StepExecutionRequestHandler}, which runs the partition's step
 * execution (found by its step name among the {@link PartitionWorker}s) on the consumer's thread.
 * The acknowledgement is automatic after the handler returns, so a message is acknowledged only
 * when its partition's step execution has ended; a worker that dies first leaves it to the broker
 * to deliver again.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(WorkerConfiguration.THREADS_PROPERTY)
public class WorkerConfiguration {

  public static final String THREADS_PROPERTY = "athlete-batch.worker.threads";

  @Bean
  public StepExecutionRequestHandler stepExecutionRequestHandler(
      JobRepository jobRepository, List<PartitionWorker> workers) {
    Map<String, Step> byName =
        workers.stream().collect(Collectors.toMap(PartitionWorker::name, PartitionWorker::step));
    StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
    handler.setJobRepository(jobRepository);
    handler.setStepLocator(
        new StepLocator() {
          @Override
          public Step getStep(String stepName) {
            Step step = byName.get(stepName);
            if (step == null) {
              throw new IllegalArgumentException(
                  "no partitioned step named " + stepName + " (known: " + byName.keySet() + ")");
            }
            return step;
          }
        });
    return handler;
  }

  @Bean
  public IntegrationFlow partitionRequestsFromBroker(
      CachingConnectionFactory brokerConnectionFactory,
      RemotePartitioning remote,
      StepExecutionRequestHandler stepExecutionRequestHandler,
      @Value("${" + THREADS_PROPERTY + "}") int threads) {
    Function<String, Object> parse = RemotePartitioning::fromText;
    return IntegrationFlow.from(
            Amqp.inboundAdapter(brokerConnectionFactory, remote.queueName())
                .configureContainer(
                    c ->
                        c.concurrentConsumers(threads)
                            .prefetchCount(1)
                            .acknowledgeMode(AcknowledgeMode.AUTO)
                            .defaultRequeueRejected(true)))
        .transform(String.class, parse::apply)
        .handle(stepExecutionRequestHandler, "handle")
        .nullChannel();
  }
}
