package com.athletebatch.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.athletebatch.database.Dialect;
import com.athletebatch.support.BatchTestContext;
import com.athletebatch.support.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 13, faults: the partition claim is a compare-and-set (a live holder keeps its partition; a
 * stale or ended one loses it; of two claimants at once exactly one wins), on H2 and PostgreSQL;
 * and Spring Batch 6 fences a slow holder that lost its claim: its next chunk's update of the step
 * execution fails on the version the new holder's start bumped, and the chunk's writes roll back.
 */
class PartitionHeartbeatTest {

  private static final Duration FRESH = Duration.ofSeconds(30);

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aLivePartitionIsNeverClaimedTwiceAStaleOrEndedOneIs(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect);
        ConfigurableApplicationContext context = BatchTestContext.start(db)) {
      PartitionHeartbeat heartbeat = context.getBean(PartitionHeartbeat.class);

      Optional<PartitionHeartbeat.Claim> a = heartbeat.claim(11, 1, FRESH, "host-a", 100);
      assertThat(a).isPresent();
      assertThat(heartbeat.claim(11, 1, FRESH, "host-b", 200)).as("A beats: fresh").isEmpty();
      assertThat(heartbeat.holder(11))
          .get()
          .satisfies(
              h -> {
                assertThat(h.worker()).isEqualTo("host-a pid 100");
                assertThat(h.ended()).isFalse();
              });
      assertThat(heartbeat.beat(a.get())).isTrue();

      // A stops beating (killed, cut off): after the stale limit B takes the partition over.
      Thread.sleep(1_200);
      Optional<PartitionHeartbeat.Claim> b =
          heartbeat.claim(11, 1, Duration.ofMillis(500), "host-b", 200);
      assertThat(b).as("A stale: B takes over").isPresent();
      assertThat(heartbeat.holder(11).orElseThrow().worker()).isEqualTo("host-b pid 200");
      // A comes back: its beat and its end no longer touch B's claim.
      assertThat(heartbeat.beat(a.get())).as("A lost its claim").isFalse();
      heartbeat.end(a.get());
      assertThat(heartbeat.holder(11).orElseThrow().ended()).isFalse();
      assertThat(heartbeat.claim(11, 1, FRESH, "host-a", 100)).as("B fresh").isEmpty();

      // B's run ends: a redelivery may claim it at once (the worker then sees the status).
      heartbeat.end(b.get());
      assertThat(heartbeat.holder(11).orElseThrow().ended()).isTrue();
      assertThat(heartbeat.claim(11, 1, FRESH, "host-c", 300)).isPresent();

      // Two claimants of one stale partition at the same moment: exactly one wins, every time.
      ExecutorService two = Executors.newFixedThreadPool(2);
      try {
        for (long id = 100; id < 110; id++) {
          assertThat(heartbeat.claim(id, 1, FRESH, "host-dead", 1)).isPresent();
        }
        Thread.sleep(1_200);
        for (long id = 100; id < 110; id++) {
          long partition = id;
          CountDownLatch go = new CountDownLatch(1);
          List<Future<Optional<PartitionHeartbeat.Claim>>> claims = new ArrayList<>();
          for (String host : List.of("host-x", "host-y")) {
            claims.add(
                two.submit(
                    () -> {
                      go.await();
                      return heartbeat.claim(partition, 1, Duration.ofMillis(500), host, 7);
                    }));
          }
          go.countDown();
          int won = 0;
          for (Future<Optional<PartitionHeartbeat.Claim>> claim : claims) {
            won += claim.get().isPresent() ? 1 : 0;
          }
          assertThat(won).as("partition %d", partition).isEqualTo(1);
        }
      } finally {
        two.shutdownNow();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aHolderThatLostItsClaimCannotCommitAnotherChunk(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect);
        ConfigurableApplicationContext context = BatchTestContext.start(db)) {
      JobRepository repository = context.getBean(JobRepository.class);
      db.jdbc().execute("CREATE TABLE fenced (n INT)");
      JobParameters parameters = new JobParametersBuilder().addLong("run.id", 1L).toJobParameters();
      JobInstance instance = repository.createJobInstance("fenceTrial", parameters);
      JobExecution job =
          repository.createJobExecution(instance, parameters, new ExecutionContext());
      job.setStatus(BatchStatus.STARTED);
      repository.update(job);
      long id = repository.createStepExecution("step:partition0", job).getId();

      // The first holder starts the partition (as AbstractStep.execute does) ...
      StepExecution slow = repository.getStepExecution(id);
      slow.setStatus(BatchStatus.STARTED);
      repository.update(slow);
      // ... is cut off; a second worker takes over: it loads the partition and starts it.
      StepExecution next = repository.getStepExecution(id);
      next.setStatus(BatchStatus.STARTED);
      repository.update(next);

      // The slow holder's next chunk: its writes and the step execution's update in one
      // transaction, as ChunkOrientedStep commits a chunk.
      TransactionTemplate chunk =
          new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
      assertThatThrownBy(
              () ->
                  chunk.executeWithoutResult(
                      tx -> {
                        db.jdbc().update("INSERT INTO fenced VALUES (1)");
                        repository.updateExecutionContext(slow);
                        repository.update(slow);
                      }))
          .isInstanceOf(OptimisticLockingFailureException.class);
      assertThat(db.jdbc().queryForObject("SELECT count(*) FROM fenced", Integer.class)).isZero();
    }
  }
}
