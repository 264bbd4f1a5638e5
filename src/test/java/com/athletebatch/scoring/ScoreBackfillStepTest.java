package com.athletebatch.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.BatchTestContext;
import com.athletebatch.support.DomainRows;
import com.athletebatch.support.TestDatabase;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
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
 * The scoreBackfill job, one of its steps and its step-scoped reader under spring-batch-test
 * (JobOperatorTestUtils, MetaDataInstanceFactory, StepScopeTestUtils), in the application's own
 * context; the CLI tests cover the command's contract.
 */
class ScoreBackfillStepTest {

  private static final LocalDateTime PAST = LocalDateTime.of(2026, 3, 1, 7, 30);
  private static final LocalDateTime AS_OF = LocalDateTime.of(2026, 6, 1, 0, 0);
  private static final List<String> WORKOUTS = List.of("w-1", "w-2", "w-3", "w-4", "w-5");

  private static TestDatabase prepared() {
    TestDatabase db = TestDatabase.h2();
    DomainSchema.createIfMissing(db.dataSource());
    DomainRows rows = new DomainRows(db.jdbc(), db.dialect());
    rows.user("u1", 72.0, 250, 190, 50, "M");
    for (int i = 0; i < WORKOUTS.size(); i++) {
      rows.ride(WORKOUTS.get(i), "u1", PAST.plusDays(i), "NOT_STARTED");
    }
    rows.nutrition("n-1", "u1", PAST.toLocalDate(), "[{\"name\":\"oats\",\"calories\":400}]");
    return db;
  }

  private static ConfigurableApplicationContext context(TestDatabase db) {
    return BatchTestContext.start(db);
  }

  private static JobOperatorTestUtils testUtils(ConfigurableApplicationContext context) {
    return BatchTestContext.testUtils(context, ScoreBackfillJobConfiguration.JOB_NAME);
  }

  private static JobParameters parameters(int chunkSize) {
    return new ScoreSelection(false, null, null, null, AS_OF, chunkSize)
        .toParameters()
        .addLong("run.id", 1L)
        .toJobParameters();
  }

  private static long scored(JdbcTemplate jdbc, String table) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM \""
            + table
            + "\" WHERE \"aiAnalysisStatus\" = 'COMPLETED'"
            + " AND \"overallScore\" BETWEEN 1 AND 10",
        Long.class);
  }

  @Test
  void theJobScoresBothTablesInItsSteps() throws Exception {
    try (TestDatabase db = prepared();
        ConfigurableApplicationContext context = context(db)) {
      JobExecution execution = testUtils(context).startJob(parameters(2));

      assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
      assertThat(execution.getStepExecutions())
          .extracting(StepExecution::getStepName, StepExecution::getStatus)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("scorePreflight", BatchStatus.COMPLETED),
              org.assertj.core.groups.Tuple.tuple("scoreWorkouts", BatchStatus.COMPLETED),
              org.assertj.core.groups.Tuple.tuple("scoreNutrition", BatchStatus.COMPLETED));
      StepExecution workouts =
          execution.getStepExecutions().stream()
              .filter(s -> s.getStepName().equals("scoreWorkouts"))
              .findFirst()
              .orElseThrow();
      assertThat(workouts.getReadCount()).isEqualTo(5);
      assertThat(workouts.getWriteCount()).isEqualTo(5);
      assertThat(workouts.getCommitCount()).isGreaterThanOrEqualTo(3); // pages of 2
      assertThat(scored(db.jdbc(), "Workout")).isEqualTo(5);
      assertThat(scored(db.jdbc(), "Nutrition")).isEqualTo(1);
    }
  }

  @Test
  void theWorkoutStepAloneScoresOnlyWorkouts() throws Exception {
    try (TestDatabase db = prepared();
        ConfigurableApplicationContext context = context(db)) {
      JobExecution execution =
          testUtils(context)
              .startStep(
                  // The job-scoped step bean (a split's step is not found by name in the job).
                  context.getBean("scoreWorkouts", Step.class),
                  parameters(2),
                  new ExecutionContext());

      assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
      StepExecution step = execution.getStepExecutions().iterator().next();
      assertThat(step.getStepName()).isEqualTo("scoreWorkouts");
      assertThat(step.getReadCount()).isEqualTo(5);
      assertThat(step.getWriteCount()).isEqualTo(5);
      assertThat(scored(db.jdbc(), "Workout")).isEqualTo(5);
      assertThat(scored(db.jdbc(), "Nutrition")).isZero();
    }
  }

  /**
   * The step-scoped reader is the concrete JdbcPagingItemReader (an ItemStream), so a restarted
   * step reopens it at its saved position instead of row 1.
   */
  @Test
  @SuppressWarnings("unchecked")
  void theStepScopedReaderResumesAfterItsSavedPosition() throws Exception {
    try (TestDatabase db = prepared();
        ConfigurableApplicationContext context = context(db)) {
      StepExecution first = MetaDataInstanceFactory.createStepExecution(parameters(2));
      List<String> firstIds =
          StepScopeTestUtils.doInStepScope(
              first,
              () -> {
                JdbcPagingItemReader<ReadRow<?>> reader =
                    context.getBean("workoutReader", JdbcPagingItemReader.class);
                assertThat(reader).isInstanceOf(ItemStream.class);
                reader.open(first.getExecutionContext());
                List<String> ids = List.of(reader.read().id(), reader.read().id());
                reader.update(first.getExecutionContext());
                reader.close();
                return ids;
              });

      StepExecution restart =
          MetaDataInstanceFactory.createStepExecution(
              parameters(2), new ExecutionContext(first.getExecutionContext()));
      List<String> restIds =
          StepScopeTestUtils.doInStepScope(
              restart,
              () -> {
                JdbcPagingItemReader<ReadRow<?>> reader =
                    context.getBean("workoutReader", JdbcPagingItemReader.class);
                reader.open(restart.getExecutionContext());
                List<String> ids = new ArrayList<>();
                for (ReadRow<?> row = reader.read(); row != null; row = reader.read()) {
                  ids.add(row.id());
                }
                reader.close();
                return ids;
              });

      assertThat(firstIds).containsExactly("w-1", "w-2");
      assertThat(restIds).containsExactly("w-3", "w-4", "w-5");
    }
  }

  /**
   * The nutrition step's reader sums the day's workouts that are not "isDuplicate"; a day whose
   * workouts add up to more than 24 h is scored with its training time unknown, not failed.
   */
  @Test
  void nutritionTrainingTimeSkipsDuplicatesAndAboveADayIsUnknown() throws Exception {
    try (TestDatabase db = TestDatabase.h2()) {
      DomainSchema.createIfMissing(db.dataSource());
      DomainRows rows = new DomainRows(db.jdbc(), db.dialect());
      rows.user("u1", 72.0, 250, 190, 50, "M");
      // day 1: two 1.5 h rides and the second one's duplicate import → 3 h, not 4.5 h
      rows.nutrition("n-1", "u1", PAST.toLocalDate(), "[]");
      rows.ride("d1-a", "u1", PAST, "COMPLETED");
      rows.ride("d1-b", "u1", PAST.plusHours(3), "COMPLETED");
      rows.ride("d1-dup", "u1", PAST.plusHours(3).plusMinutes(1), "COMPLETED");
      rows.set("\"Workout\"", "d1-dup", "\"isDuplicate\"", true);
      // day 2: 17 non-duplicate rides of 1.5 h = 25.5 h
      LocalDateTime day2 = PAST.plusDays(1).withHour(0);
      rows.nutrition("n-2", "u1", day2.toLocalDate(), "[]");
      for (int i = 0; i < 17; i++) {
        rows.ride("d2-" + i, "u1", day2.plusMinutes(80L * i), "COMPLETED");
      }
      for (String id : db.jdbc().queryForList("SELECT id FROM \"Workout\"", String.class)) {
        rows.set("\"Workout\"", id, "\"overallScore\"", 5);
      }
      try (ConfigurableApplicationContext context = context(db)) {
        JobExecution execution = testUtils(context).startJob(parameters(10));
        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
      }
      assertThat(scored(db.jdbc(), "Nutrition")).isEqualTo(2);
      String day1 = analysisJson(db, "n-1");
      assertThat(day1)
          .contains("\"trainingSecondsThatDay\":10800")
          .contains("\"trainingHours\":3.0");
      String day2Json = analysisJson(db, "n-2");
      assertThat(day2Json)
          .contains("\"trainingSecondsThatDay\":91800")
          .contains("\"trainingHours\":null")
          .contains("training time unknown: the day's workouts add up to 25.5 h");
      assertThat(
              db.jdbc()
                  .queryForObject(
                      "SELECT \"hydrationStatusExplanation\" FROM \"Nutrition\" WHERE id = 'n-2'",
                      String.class))
          .contains("training time unknown");
    }
  }

  private static String analysisJson(TestDatabase db, String id) {
    return db.jdbc()
        .queryForObject(
            "SELECT CAST(\"aiAnalysisJson\" AS VARCHAR) FROM \"Nutrition\" WHERE id = ?",
            String.class,
            id);
  }
}
