package com.athletebatch.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The psql files of sql/monitoring/, run through JDBC as status runs them, on H2 and PostgreSQL.
 */
class MonitoringQueriesTest {

  @Test
  void psqlVariablesBecomeTheValidatedSchemaAndBoundParameters() {
    String sql =
        MonitoringQueries.prepare(
            """
                -- a comment; with a semicolon
                \\if :{?batch_schema}
                \\else
                \\set batch_schema batch
                \\endif
                SELECT x::bigint FROM :"batch_schema".T WHERE a = :'job' AND b = :limit AND c = '":\\D*';
                """,
            "ops");
    assertThat(sql)
        .isEqualTo("SELECT x::bigint FROM ops.T WHERE a = :job AND b = :limit AND c = '\":\\D*'");
    assertThatThrownBy(() -> new MonitoringQueries(null, "batch; DROP TABLE x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void everyMonitoringQueryRunsAndAgreesWithTheJobRepository(Dialect dialect) {
    try (TestDatabase db = TestDatabase.create(dialect)) {
      DomainSchema.createIfMissing(db.dataSource());
      new DemoDataGenerator().generate(db.dataSource(), new DemoOptions(4, 200, 60, 0, 3));
      Cli.Result run =
          Cli.run("run", "scoreBackfill", "--database-url", db.jdbcUrl(), "--chunk-size", "20");
      assertThat(run.exitCode()).as(run.all()).isZero();
      JdbcTemplate jdbc = db.jdbc();
      MonitoringQueries queries = new MonitoringQueries(db.dataSource(), "batch");

      List<Map<String, Object>> executions =
          queries.run(
              MonitoringQueries.EXECUTIONS,
              Map.of("job", "scoreBackfill", "statuses", "COMPLETED,FAILED", "limit", 5));
      assertThat(executions).hasSize(1);
      assertThat(executions.get(0).get("status")).isEqualTo("COMPLETED");
      assertThat((String) executions.get(0).get("parameters"))
          .contains("chunkSize=20")
          .contains("run.id=1");
      assertThat(((Number) executions.get(0).get("heartbeat_pid")).longValue())
          .isEqualTo(ProcessHandle.current().pid());
      assertThat(
              queries.run(
                  MonitoringQueries.EXECUTIONS,
                  Map.of("job", "", "statuses", "FAILED", "limit", 5)))
          .isEmpty();

      long id = ((Number) executions.get(0).get("execution_id")).longValue();
      Map<String, Object> workouts =
          queries.run(MonitoringQueries.STEP_PROGRESS, Map.of("execution_id", id)).stream()
              .filter(r -> "scoreWorkouts".equals(r.get("step_name")))
              .findFirst()
              .orElseThrow();
      assertThat(((Number) workouts.get("total")).longValue())
          .isEqualTo(((Number) workouts.get("read_count")).longValue());
      assertThat(((Number) workouts.get("pct_done")).doubleValue()).isEqualTo(100.0);
      assertThat(queries.run(MonitoringQueries.STEP_PROGRESS, Map.of("execution_id", 0)))
          .as("none running")
          .isEmpty();

      assertThat(queries.run(MonitoringQueries.FAILURES, Map.of("limit", 10))).isEmpty();

      List<Map<String, Object>> skips =
          queries.run(MonitoringQueries.SKIPS, Map.of("execution_id", 0, "limit", 50));
      long skipped = skips.stream().mapToLong(r -> ((Number) r.get("skips")).longValue()).sum();
      assertThat(skipped)
          .isPositive()
          .isEqualTo(
              jdbc.queryForObject("SELECT count(*) FROM batch.ATHLETE_SKIP_LOG", Long.class));

      List<Map<String, Object>> throughput =
          queries.run(MonitoringQueries.THROUGHPUT, Map.of("job", "scoreBackfill", "limit", 10));
      assertThat(throughput)
          .extracting(r -> r.get("step_name"))
          .containsExactlyInAnyOrder(
              "scoreNutrition", "scoreWorkouts"); // the two tables run side by side
      assertThat(throughput)
          .allSatisfy(r -> assertThat(((Number) r.get("items_per_s")).doubleValue()).isPositive());
    }
  }
}
