package com.athletebatch.step;

import java.net.URI;
import java.util.List;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.config.annotation.EnableBatchIntegration;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilder;
import org.springframework.batch.integration.partition.RemotePartitioningManagerStepBuilderFactory;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * Remote partitioning over RabbitMQ (issue 13, part 2), present only when a command is given a
 * broker ({@value #BROKER_PROPERTY}). The manager side: a partitioned step's requests ({@link
 * StepExecutionRequest}: the worker step's name and the partition's step execution id) go through
 * Spring Integration's AMQP outbound adapter to one durable queue; the manager then polls the job
 * repository until every partition's step execution has ended (Spring Batch Integration's polling
 * mode; the reply-aggregating mode has open bugs in 6.0.x, e.g. #4945). The workers ({@code
 * worker/}) consume the same queue and share the job repository.
 *
 * <p>On the wire a request is two lines of text, {@code stepName} and {@code stepExecutionId}: no
 * Java serialization between processes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(RemotePartitioning.BROKER_PROPERTY)
@EnableBatchIntegration
public class RemotePartitioning {

  public static final String BROKER_PROPERTY = "athlete-batch.broker.url";

  /** How often the manager reads the partitions' state from the job repository. */
  public static final String POLL_PROPERTY = "athlete-batch.broker.poll-interval";

  /** How long the manager waits for a worker to listen before it fails the step. */
  public static final String WORKER_WAIT_PROPERTY = "athlete-batch.broker.worker-wait";

  /**
   * How long a STARTED partition's worker may go without a heartbeat before the manager fails the
   * partition ({@link PartitionWatchdog}).
   */
  public static final String WORKER_TIMEOUT_PROPERTY = "athlete-batch.broker.worker-timeout";

  private final String brokerUrl;
  private final String queueName;
  private final long pollMillis;
  private final java.time.Duration workerWait;
  private final java.time.Duration workerTimeout;
  private final ObjectProvider<JobRepository> jobRepository;
  private final ObjectProvider<PartitionHeartbeat> partitionHeartbeat;
  private final DirectChannel requests = new DirectChannel();

  public RemotePartitioning(
      @Value("${" + BROKER_PROPERTY + "}") String brokerUrl,
      @Value("${athlete-batch.batch-schema:batch}") String batchSchema,
      @Value("${" + POLL_PROPERTY + ":1s}") java.time.Duration poll,
      @Value("${" + WORKER_WAIT_PROPERTY + ":60s}") java.time.Duration workerWait,
      @Value("${" + WORKER_TIMEOUT_PROPERTY + ":120s}") java.time.Duration workerTimeout,
      ObjectProvider<JobRepository> jobRepository,
      ObjectProvider<PartitionHeartbeat> partitionHeartbeat) {
    this.brokerUrl = brokerUrl;
    // One queue per job repository: two installations on one broker never take each other's work.
    this.queueName = "athlete-batch." + batchSchema + ".partitions";
    this.pollMillis = poll.toMillis();
    this.workerWait = workerWait;
    this.workerTimeout = workerTimeout;
    this.jobRepository = jobRepository;
    this.partitionHeartbeat = partitionHeartbeat;
  }

  public String queueName() {
    return queueName;
  }

  /** The broker URL with the password hidden, for messages. */
  public String brokerForDisplay() {
    return maskPassword(brokerUrl);
  }

  /** {@code amqp://user:***@host:5672/vhost}: the password of an AMQP URL hidden. */
  public static String maskPassword(String url) {
    if (url == null) {
      return null;
    }
    return url.replaceFirst("^(amqps?://[^:/@]*:)[^@]*@", "$1***@");
  }

  /**
   * Connects once and disconnects: a command given a broker checks it before it starts anything.
   *
   * @throws IllegalStateException naming the broker (password hidden) when it cannot be reached
   */
  public static void checkReachable(String url) {
    CachingConnectionFactory factory;
    try {
      factory = new CachingConnectionFactory(URI.create(url));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "--broker: '"
              + maskPassword(url)
              + "' is not an AMQP URL (amqp://user:pass@host:5672/vhost)",
          e);
    }
    factory.setConnectionTimeout(10_000);
    try {
      factory.createConnection().close();
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new BrokerUnreachableException(
          "cannot reach the broker "
              + maskPassword(url)
              + ": "
              + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage()));
    } finally {
      factory.destroy();
    }
  }

  /** The broker could not be reached: not a database failure, whatever its cause's words. */
  public static final class BrokerUnreachableException extends IllegalStateException {
    BrokerUnreachableException(String message) {
      super(message);
    }
  }

  @Bean(destroyMethod = "destroy")
  public CachingConnectionFactory brokerConnectionFactory() {
    CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(brokerUrl));
    factory.setConnectionNameStrategy(cf -> "athlete-batch");
    return factory;
  }

  @Bean
  public Queue partitionQueue() {
    return new Queue(queueName, true);
  }

  /** Declares the queue on the first connection, from the manager and the workers alike. */
  @Bean
  public RabbitAdmin brokerAdmin(CachingConnectionFactory brokerConnectionFactory) {
    return new RabbitAdmin(brokerConnectionFactory);
  }

  @Bean
  public RabbitTemplate brokerTemplate(CachingConnectionFactory brokerConnectionFactory) {
    return new RabbitTemplate(brokerConnectionFactory);
  }

  /** The manager's requests, on their way to the broker. */
  @Bean
  public DirectChannel partitionRequests() {
    return requests;
  }

  @Bean
  public IntegrationFlow partitionRequestsToBroker(RabbitTemplate brokerTemplate) {
    return IntegrationFlow.from(requests)
        .transform(StepExecutionRequest.class, RemotePartitioning::toText)
        // Persistent on the durable queue: a broker restart mid-run keeps the partitions.
        .handle(
            Amqp.outboundAdapter(brokerTemplate)
                .routingKey(queueName)
                .defaultDeliveryMode(org.springframework.amqp.core.MessageDeliveryMode.PERSISTENT))
        .get();
  }

  /**
   * Before the requests go out: at least one worker must consume the queue, else, after {@value
   * #WORKER_WAIT_PROPERTY} (60 s by default), the step fails saying so, instead of waiting for
   * ever. A restart then sends the same partitions.
   */
  private StepExecutionListener workersListening() {
    return new StepExecutionListener() {
      @Override
      public void beforeStep(org.springframework.batch.core.step.StepExecution stepExecution) {
        RabbitAdmin admin = new RabbitAdmin(brokerConnectionFactoryForChecks());
        long deadline = System.nanoTime() + workerWait.toNanos();
        try {
          while (true) {
            admin.declareQueue(new Queue(queueName, true));
            java.util.Properties queue = admin.getQueueProperties(queueName);
            Object consumers = queue == null ? null : queue.get(RabbitAdmin.QUEUE_CONSUMER_COUNT);
            if (consumers instanceof Number n && n.intValue() > 0) {
              return;
            }
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException(
                  "no worker is listening on queue "
                      + queueName
                      + " at "
                      + brokerForDisplay()
                      + " (waited "
                      + workerWait.toSeconds()
                      + " s): start workers with jobs/athlete-batch worker --broker URL"
                      + " --database-url URL, then run the same command again");
            }
            Thread.sleep(500);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for a worker", e);
        } finally {
          ((CachingConnectionFactory) admin.getRabbitTemplate().getConnectionFactory()).destroy();
        }
      }
    };
  }

  /**
   * Why no worker can take the partitions waiting in the queue: the broker cannot be reached, or
   * nobody consumes the queue; null when a worker listens (the workers are only busy).
   */
  String brokerProblem() {
    CachingConnectionFactory factory = brokerConnectionFactoryForChecks();
    factory.setConnectionTimeout(10_000);
    try {
      java.util.Properties queue = new RabbitAdmin(factory).getQueueProperties(queueName);
      Object consumers = queue == null ? null : queue.get(RabbitAdmin.QUEUE_CONSUMER_COUNT);
      if (consumers instanceof Number n && n.intValue() > 0) {
        return null;
      }
      return "no worker is listening on queue " + queueName + " at " + brokerForDisplay();
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return "cannot reach the broker "
          + brokerForDisplay()
          + ": "
          + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
    } finally {
      factory.destroy();
    }
  }

  private CachingConnectionFactory brokerConnectionFactoryForChecks() {
    return new CachingConnectionFactory(URI.create(brokerUrl));
  }

  static String toText(StepExecutionRequest request) {
    return request.getStepName() + "\n" + request.getStepExecutionId();
  }

  /** A request as the worker reads it back. */
  public static StepExecutionRequest fromText(String text) {
    String[] lines = text.strip().split("\n");
    if (lines.length != 2) {
      throw new IllegalArgumentException("not a partition request: " + text);
    }
    return new StepExecutionRequest(lines[0].strip(), Long.parseLong(lines[1].strip()));
  }

  /**
   * The manager step: the partitioner's ranges sent to the workers as requests for the step {@code
   * name}; done when the job repository shows every partition ended.
   */
  public Step managerStep(
      RemotePartitioningManagerStepBuilderFactory factory,
      String name,
      int partitions,
      Partitioner partitioner,
      List<StepExecutionListener> listeners) {
    RemotePartitioningManagerStepBuilder builder =
        factory
            .get(name)
            .partitioner(name, partitioner)
            .gridSize(partitions)
            .outputChannel(requests)
            .pollInterval(pollMillis);
    builder.listener(workersListening());
    builder.listener(
        new PartitionWatchdog(
            jobRepository.getObject(),
            partitionHeartbeat.getObject(),
            workerTimeout,
            workerWait,
            java.time.Duration.ofMillis(Math.max(pollMillis, 1000)),
            this::brokerProblem,
            brokerForDisplay()));
    for (StepExecutionListener listener : listeners) {
      builder.listener(listener);
    }
    return builder.build();
  }
}
