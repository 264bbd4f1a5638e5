package com.athletebatch.worker;

import com.athletebatch.step.PartitionHeartbeat;
import com.athletebatch.step.PartitionWorker;
import com.athletebatch.step.RemotePartitioning;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
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
 * partition queue on {@code threads} consumers, each with a prefetch of one; {@link
 * PartitionRequests} drops a request whose partition already ended, claims the partition (never two
 * workers on one partition) and hands it to Spring Batch Integration's {@link
 * StepExecutionRequestHandler}, which runs the partition's step execution (found by its step name
 * among the {@link PartitionWorker}s) on the consumer's thread. The acknowledgement is automatic
 * after the handler returns, so a message is acknowledged only when its partition's step execution
 * has ended; a worker that dies first leaves it to the broker to deliver again, and the next worker
 * takes the partition over once the dead one's heartbeat is stale. {@link WorkerShutdown} stops the
 * running partitions at a chunk boundary on SIGTERM.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(WorkerConfiguration.THREADS_PROPERTY)
public class WorkerConfiguration {

  public static final String THREADS_PROPERTY = "athlete-batch.worker.threads";

  /** How old a holder's heartbeat must be before another worker takes its partition over. */
  public static final String CLAIM_STALE_AFTER_PROPERTY = "athlete-batch.worker.claim-stale-after";

  /** How long a SIGTERM waits for the running partitions to reach a chunk boundary. */
  public static final String STOP_TIMEOUT_PROPERTY = "athlete-batch.worker.stop-timeout";

  @Bean
  public WorkerShutdown workerShutdown(
      @Value("${" + STOP_TIMEOUT_PROPERTY + ":240s}") Duration stopTimeout) {
    return new WorkerShutdown(stopTimeout);
  }

  @Bean
  public StepExecutionRequestHandler stepExecutionRequestHandler(
      JobRepository jobRepository, List<PartitionWorker> workers, WorkerShutdown shutdown) {
    Map<String, Step> byName =
        workers.stream()
            .collect(Collectors.toMap(PartitionWorker::name, w -> stoppable(w.step(), shutdown)));
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

  /** The partition's step, known to the shutdown while it runs. */
  private static Step stoppable(Step step, WorkerShutdown shutdown) {
    return new Step() {
      @Override
      public String getName() {
        return step.getName();
      }

      @Override
      public void execute(StepExecution stepExecution) throws JobInterruptedException {
        shutdown.started(stepExecution);
        try {
          step.execute(stepExecution);
        } finally {
          shutdown.ended(stepExecution);
        }
      }
    };
  }

  @Bean
  public PartitionRequests partitionRequestHandler(
      JobRepository jobRepository,
      StepExecutionRequestHandler stepExecutionRequestHandler,
      PartitionHeartbeat partitionHeartbeat,
      WorkerShutdown workerShutdown,
      @Value("${" + CLAIM_STALE_AFTER_PROPERTY + ":30s}") Duration staleAfter) {
    return new PartitionRequests(
        jobRepository, stepExecutionRequestHandler, partitionHeartbeat, staleAfter, workerShutdown);
  }

  @Bean
  public IntegrationFlow partitionRequestsFromBroker(
      CachingConnectionFactory brokerConnectionFactory,
      RemotePartitioning remote,
      PartitionRequests partitionRequests,
      WorkerShutdown workerShutdown,
      @Value("${" + THREADS_PROPERTY + "}") int threads,
      @Value("${" + STOP_TIMEOUT_PROPERTY + ":240s}") Duration stopTimeout) {
    SimpleMessageListenerContainer consumers =
        new SimpleMessageListenerContainer(brokerConnectionFactory);
    consumers.setQueueNames(remote.queueName());
    consumers.setConcurrentConsumers(threads);
    consumers.setPrefetchCount(1);
    consumers.setAcknowledgeMode(AcknowledgeMode.AUTO);
    // An exception (the worker is shutting down before it took the partition) requeues it.
    consumers.setDefaultRequeueRejected(true);
    // A stop waits for the partitions in flight (stopped at a chunk boundary) to be acknowledged.
    consumers.setShutdownTimeout(stopTimeout.toMillis() + 10_000);
    Function<String, Object> parse = RemotePartitioning::fromText;
    return IntegrationFlow.from(Amqp.inboundAdapter(consumers))
        .transform(String.class, parse::apply)
        .handle(partitionRequests, "handle")
        .nullChannel();
  }
}
