package com.athletebatch.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.athletebatch.capability.estimators.EnduranceThresholdEstimator;
import com.athletebatch.capability.estimators.JumpHeightEstimator;
import com.athletebatch.capability.estimators.SprintMaxSpeedEstimator;
import com.athletebatch.capability.estimators.StrengthOneRepMaxEstimator;
import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.BatchTestContext;
import com.athletebatch.support.TestDatabase;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.batch.test.StepScopeTestUtils;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The capabilityEstimation job, its estimation step and its step-scoped user reader under
 * spring-batch-test (JobOperatorTestUtils, MetaDataInstanceFactory, StepScopeTestUtils), in the
 * application's own context on H2; the CLI tests cover the command's contract.
 */
class CapabilityEstimationStepTest {

  private static final LocalDateTime AS_OF = LocalDateTime.of(2026, 11, 1, 0, 0);
  private static final List<String> KEYS =
      List.of(
          StrengthOneRepMaxEstimator.KEY,
          SprintMaxSpeedEstimator.KEY,
          JumpHeightEstimator.KEY,
          EnduranceThresholdEstimator.KEY);

  /** Five users in reader order (the reader pages by user id). */
  private static final List<UUID> USERS = List.of(user(1), user(2), user(3), user(4), user(5));

  private static UUID user(int n) {
    return UUID.fromString(String.format("00000000-0000-0000-0000-%012d", n));
  }

  private static TestDatabase prepared() {
    TestDatabase db = TestDatabase.h2();
    DomainSchema.createIfMissing(db.dataSource());
    JdbcTemplate jdbc = db.jdbc();
    for (UUID u : USERS) {
      jdbc.update(
          "INSERT INTO users (id, email, password_hash) VALUES (?, ?, 'x')",
          u,
          u + "@example.test");
    }
    // The first user: 100 kg x 5 at RPE 8, which reads 123.3 kg (see CapabilityEstimationJobTest).
    CapabilityEstimationJobTest.insertSet(jdbc, Dialect.H2, USERS.get(0), 100, 5, 8);
    for (int i = 1; i < USERS.size(); i++) {
      CapabilityEstimationJobTest.insertSet(jdbc, Dialect.H2, USERS.get(i), 80 + 5 * i, 5, 8);
    }
    return db;
  }

  private static JobOperatorTestUtils testUtils(ConfigurableApplicationContext context) {
    return BatchTestContext.testUtils(context, CapabilityEstimationJobConfiguration.JOB_NAME);
  }

  private static JobParameters parameters(int chunkSize) {
    return new CapabilitySelection(
            CapabilitySelection.DEFAULT_SOURCE, List.of(), false, AS_OF, chunkSize)
        .toParameters()
        .addLong("run.id", 1L)
        .toJobParameters();
  }

  /** (user, key) of every capability projection, with its version. */
  private static List<Map<String, Object>> projections(JdbcTemplate jdbc) {
    return CapabilityEstimationJobTest.projections(jdbc, Dialect.H2);
  }

  private static void assertFourKeysForEveryUser(JdbcTemplate jdbc) {
    List<Map<String, Object>> rows = projections(jdbc);
    assertThat(rows).hasSize(4 * USERS.size());
    for (UUID u : USERS) {
      assertThat(rows.stream().filter(r -> u.equals(r.get("user_id"))).map(r -> r.get("k")))
          .as("keys of %s", u)
          .containsExactlyInAnyOrderElementsOf(KEYS);
    }
    assertThat(jdbc.queryForList("SELECT DISTINCT projection_type FROM projections", String.class))
        .containsExactly(CapabilityQueries.PROJECTION_TYPE);
    assertThat(
            jdbc.queryForObject(
                "SELECT CAST(data AS VARCHAR) FROM projections WHERE user_id = ?"
                    + " AND \"key\" = 'strength_1rm'",
                String.class,
                USERS.get(0)))
        .contains("123.3");
  }

  @Test
  void theJobEstimatesFourCapabilitiesForEveryUser() throws Exception {
    try (TestDatabase db = prepared();
        ConfigurableApplicationContext context = BatchTestContext.start(db)) {
      JobExecution execution = testUtils(context).startJob(parameters(2));

      assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
      assertThat(execution.getStepExecutions())
          .extracting(StepExecution::getStepName, StepExecution::getStatus)
          .containsExactlyInAnyOrder(
              tuple("capabilityPreflight", BatchStatus.COMPLETED),
              tuple(CapabilityEstimationJobConfiguration.STEP_NAME, BatchStatus.COMPLETED));
      StepExecution estimate =
          execution.getStepExecutions().stream()
              .filter(s -> s.getStepName().equals(CapabilityEstimationJobConfiguration.STEP_NAME))
              .findFirst()
              .orElseThrow();
      assertThat(estimate.getReadCount()).isEqualTo(USERS.size());
      assertThat(estimate.getWriteCount()).isEqualTo(USERS.size());
      assertThat(estimate.getSkipCount()).isZero();
      assertThat(estimate.getCommitCount()).isGreaterThanOrEqualTo(3); // chunks of 2
      assertFourKeysForEveryUser(db.jdbc());
      assertThat(db.jdbc().queryForList("SELECT DISTINCT version FROM projections", Long.class))
          .containsExactly(1L);
    }
  }

  @Test
  void theEstimationStepAloneWritesTheProjections() throws Exception {
    try (TestDatabase db = prepared();
        ConfigurableApplicationContext context = BatchTestContext.start(db)) {
      JobExecution execution =
          testUtils(context)
              .startStep(
                  // The job-scoped step bean.
                  context.getBean(CapabilityEstimationJobConfiguration.STEP_NAME, Step.class),
                  parameters(2),
                  new ExecutionContext());

      assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
      assertThat(execution.getStepExecutions()).hasSize(1);
      StepExecution step = execution.getStepExecutions().iterator().next();
      assertThat(step.getStepName()).isEqualTo(CapabilityEstimationJobConfiguration.STEP_NAME);
      assertThat(step.getReadCount()).isEqualTo(USERS.size());
      assertThat(step.getWriteCount()).isEqualTo(USERS.size());
      assertFourKeysForEveryUser(db.jdbc());
    }
  }

  /**
   * The step-scoped reader is the concrete JdbcPagingItemReader (an ItemStream), so a restarted
   * step reopens it after its saved position instead of at the first user.
   */
  @Test
  @SuppressWarnings("unchecked")
  void theStepScopedUserReaderResumesAfterItsSavedPosition() throws Exception {
    try (TestDatabase db = prepared();
        ConfigurableApplicationContext context = BatchTestContext.start(db)) {
      StepExecution first = MetaDataInstanceFactory.createStepExecution(parameters(2));
      List<UUID> firstUsers =
          StepScopeTestUtils.doInStepScope(
              first,
              () -> {
                JdbcPagingItemReader<UUID> reader =
                    context.getBean("capabilityUserReader", JdbcPagingItemReader.class);
                assertThat(reader).isInstanceOf(ItemStream.class);
                reader.open(first.getExecutionContext());
                List<UUID> ids = List.of(reader.read(), reader.read());
                reader.update(first.getExecutionContext());
                reader.close();
                return ids;
              });
      assertThat(first.getExecutionContext().getInt("capabilityUserReader.read.count"))
          .isEqualTo(2);

      StepExecution restart =
          MetaDataInstanceFactory.createStepExecution(
              parameters(2), new ExecutionContext(first.getExecutionContext()));
      List<UUID> restUsers =
          StepScopeTestUtils.doInStepScope(
              restart,
              () -> {
                JdbcPagingItemReader<UUID> reader =
                    context.getBean("capabilityUserReader", JdbcPagingItemReader.class);
                reader.open(restart.getExecutionContext());
                List<UUID> ids = new ArrayList<>();
                for (UUID u = reader.read(); u != null; u = reader.read()) {
                  ids.add(u);
                }
                reader.close();
                return ids;
              });

      assertThat(firstUsers).containsExactly(USERS.get(0), USERS.get(1));
      assertThat(restUsers).containsExactly(USERS.get(2), USERS.get(3), USERS.get(4));
      assertThat(restUsers).doesNotContain(USERS.get(0));
    }
  }
}
