package com.athletebatch.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.json.JsonMappers;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TableSnapshot;
import com.athletebatch.support.TestDatabase;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 13, part 1: {@code --partitions N} splits each chunk step into N key ranges, and the tables
 * end exactly as after an unpartitioned run; a restart after a failed partition reruns only that
 * partition, from its last committed chunk.
 */
class PartitionedRunTest {

  private static final String AS_OF = "2026-11-01T00:00";
  private static final LocalDate DEMO_END = LocalDate.of(2026, 10, 31);
  private static final DemoOptions SCORE_DEMO = new DemoOptions(6, 300, 120, 0, 23);
  private static final DemoOptions EVENT_DEMO = new DemoOptions(23, 0, 0, 1800, 29);

  enum JobKind {
    SCORES(SCORE_DEMO, List.of("scoreWorkouts", "scoreNutrition"), "run", "scoreBackfill"),
    CAPABILITIES(
        EVENT_DEMO,
        List.of("estimateCapabilities"),
        "run",
        "capabilityEstimation",
        "--as-of",
        AS_OF);

    final DemoOptions demo;
    final List<String> steps;
    final String[] args;

    JobKind(DemoOptions demo, List<String> steps, String... args) {
      this.demo = demo;
      this.steps = steps;
      this.args = args;
    }

    String[] command(String url, String... more) {
      List<String> all = new ArrayList<>(List.of(args));
      all.addAll(List.of("--database-url", url));
      all.addAll(List.of(more));
      if (!all.contains("--chunk-size")) {
        all.addAll(List.of("--chunk-size", "7"));
      }
      return all.toArray(String[]::new);
    }
  }

  static TestDatabase database(Dialect dialect, JobKind kind) {
    TestDatabase db = TestDatabase.create(dialect);
    DomainSchema.createIfMissing(db.dataSource());
    new DemoDataGenerator().generate(db.dataSource(), kind.demo, DEMO_END);
    return db;
  }

  /** What the jobs write, leaving out write times, generated ids and generated_at. */
  static Map<String, Object> tables(JdbcTemplate jdbc) {
    Map<String, Object> all = new java.util.TreeMap<>();
    all.put("Workout", TableSnapshot.of(jdbc, "\"Workout\"", TableSnapshot.WRITE_TIMES));
    all.put("Nutrition", TableSnapshot.of(jdbc, "\"Nutrition\"", TableSnapshot.WRITE_TIMES));
    List<String> projections = new ArrayList<>();
    for (Map<String, Object> row :
        jdbc.queryForList(
            "SELECT user_id, projection_type, \"key\" AS k, version, last_event_id,"
                + " CAST(data AS VARCHAR) AS d FROM projections ORDER BY user_id, \"key\"")) {
      ObjectNode data = (ObjectNode) JsonMappers.MAPPER.readTree(String.valueOf(row.get("d")));
      data.remove("generated_at");
      row.put("d", data.toString());
      projections.add(row.toString());
    }
    all.put("projections", projections);
    return all;
  }

  static List<Map<String, Object>> partitions(JdbcTemplate jdbc, String step, long execution) {
    return jdbc.queryForList(
        "SELECT STEP_NAME, STATUS, READ_COUNT, WRITE_COUNT FROM batch.BATCH_STEP_EXECUTION"
            + " WHERE JOB_EXECUTION_ID = ? AND STEP_NAME LIKE ? ORDER BY STEP_NAME",
        execution,
        step + ":partition%");
  }

  static long lastExecution(JdbcTemplate jdbc) {
    return jdbc.queryForObject(
        "SELECT max(JOB_EXECUTION_ID) FROM batch.BATCH_JOB_EXECUTION", Long.class);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void partitionedRunsEndLikeUnpartitionedOnes(Dialect dialect) throws Exception {
    for (JobKind kind : JobKind.values()) {
      Map<String, Object> expected;
      try (TestDatabase reference = database(dialect, kind)) {
        Cli.Result plain = Cli.run(kind.command(reference.jdbcUrl()));
        assertThat(plain.exitCode()).as(plain.all()).isZero();
        assertThat(plain.all()).doesNotContain(":partition");
        expected = tables(reference.jdbc());
      }
      try (TestDatabase db = database(dialect, kind)) {
        JdbcTemplate jdbc = db.jdbc();
        Map<String, Object> before = tables(jdbc);
        Cli.Result split = Cli.run(kind.command(db.jdbcUrl(), "--partitions", "3"));
        assertThat(split.exitCode()).as(split.all()).isZero();
        Map<String, Object> after = tables(jdbc);
        assertThat(after).as("%s on %s: something was written", kind, dialect).isNotEqualTo(before);
        assertThat(after).as("%s on %s", kind, dialect).isEqualTo(expected);

        long execution = lastExecution(jdbc);
        for (String step : kind.steps) {
          List<Map<String, Object>> parts = partitions(jdbc, step, execution);
          assertThat(parts).as(step).hasSize(3);
          assertThat(parts).allSatisfy(p -> assertThat(p.get("STATUS")).isEqualTo("COMPLETED"));
          // Boundaries from the data: the ranges' sizes differ by at most one row.
          List<Long> reads =
              parts.stream().map(p -> ((Number) p.get("READ_COUNT")).longValue()).toList();
          assertThat(reads.stream().mapToLong(Long::longValue).min().orElseThrow())
              .as("%s reads %s", step, reads)
              .isGreaterThan(0)
              .isGreaterThanOrEqualTo(
                  reads.stream().mapToLong(Long::longValue).max().orElseThrow() - 1);
          // The step as a whole adds its partitions up.
          assertThat(
                  jdbc.queryForObject(
                      "SELECT READ_COUNT FROM batch.BATCH_STEP_EXECUTION"
                          + " WHERE JOB_EXECUTION_ID = ? AND STEP_NAME = ?",
                      Long.class,
                      execution,
                      step))
              .isEqualTo(reads.stream().mapToLong(Long::longValue).sum());
        }
      }
    }
  }

  /**
   * One user's projections cannot be written (a trigger refuses them, standing in for any fault):
   * the partition holding that user fails after committing its earlier chunks, the others complete.
   * The same command then reruns only the failed partition, from its last committed chunk.
   */
  @Test
  void aRestartRerunsOnlyTheFailedPartition() throws Exception {
    Map<String, Object> expected;
    try (TestDatabase reference = database(Dialect.POSTGRESQL, JobKind.CAPABILITIES)) {
      Cli.Result plain =
          Cli.run(JobKind.CAPABILITIES.command(reference.jdbcUrl(), "--chunk-size", "2"));
      assertThat(plain.exitCode()).as(plain.all()).isZero();
      expected = tables(reference.jdbc());
    }
    try (TestDatabase db = database(Dialect.POSTGRESQL, JobKind.CAPABILITIES)) {
      JdbcTemplate jdbc = db.jdbc();
      String lastUser =
          jdbc.queryForObject(
              "SELECT CAST(max(CAST(user_id AS VARCHAR)) AS VARCHAR) FROM events", String.class);
      jdbc.execute(
          "CREATE FUNCTION refuse_user() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
              + " IF NEW.user_id = '"
              + lastUser
              + "' THEN RAISE EXCEPTION 'injected fault for %', NEW.user_id; END IF;"
              + " RETURN NEW; END $$");
      jdbc.execute(
          "CREATE TRIGGER refuse_user BEFORE INSERT OR UPDATE ON projections"
              + " FOR EACH ROW EXECUTE FUNCTION refuse_user()");

      String[] command =
          JobKind.CAPABILITIES.command(db.jdbcUrl(), "--partitions", "3", "--chunk-size", "2");
      Cli.Result failed = Cli.run(command);
      assertThat(failed.exitCode()).as(failed.all()).isNotZero();
      long first = lastExecution(jdbc);
      List<Map<String, Object>> firstParts = partitions(jdbc, "estimateCapabilities", first);
      assertThat(firstParts)
          .extracting(p -> p.get("STATUS"))
          .containsExactly("COMPLETED", "COMPLETED", "FAILED");
      long committedBefore = ((Number) firstParts.get(2).get("WRITE_COUNT")).longValue();
      assertThat(committedBefore).as("the failed partition committed chunks first").isPositive();

      jdbc.execute("DROP TRIGGER refuse_user ON projections");
      Cli.Result resumed = Cli.run(command);
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      assertThat(resumed.all()).contains("Resuming");
      long second = lastExecution(jdbc);
      assertThat(second).isNotEqualTo(first);
      List<Map<String, Object>> secondParts = partitions(jdbc, "estimateCapabilities", second);
      assertThat(secondParts)
          .extracting(p -> p.get("STEP_NAME"), p -> p.get("STATUS"))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("estimateCapabilities:partition2", "COMPLETED"));
      long users =
          jdbc.queryForObject(
              "SELECT count(DISTINCT user_id) FROM events WHERE event_type IN ('set.logged',"
                  + " 'session.logged', 'set.corrected', 'external.activity_imported')",
              Long.class);
      long inLastPartition =
          users
              - ((Number) firstParts.get(0).get("READ_COUNT")).longValue()
              - ((Number) firstParts.get(1).get("READ_COUNT")).longValue();
      assertThat(((Number) secondParts.get(0).get("READ_COUNT")).longValue())
          .as("the restart reads only what follows the last committed chunk")
          .isEqualTo(inLastPartition - committedBefore);
      assertThat(tables(jdbc)).isEqualTo(expected);
      assertThat(jdbc.queryForList("SELECT DISTINCT version FROM projections", Long.class))
          .as("each projection written once")
          .containsExactly(1L);
    }
  }

  static final Set<String> UNUSED = Set.of();
}
