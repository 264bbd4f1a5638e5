package com.athletebatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.json.JsonMappers;
import com.athletebatch.support.Cli;
import com.athletebatch.support.EligibleWorkouts;
import com.athletebatch.support.TestDatabase;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * executions, restart, stop, abandon, recover and status through the command line, on H2 and
 * PostgreSQL: unknown ids (exit 4), states that do not allow a command (exit 5), a failed run
 * restarted by id and by job, and status --json after the runs.
 */
class OperationsCommandsTest {

  private static final ObjectMapper JSON = JsonMappers.MAPPER;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void controlsAndTheirExitCodes(Dialect dialect) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect)) {
      DomainSchema.createIfMissing(db.dataSource());
      new DemoDataGenerator().generate(db.dataSource(), new DemoOptions(4, 120, 30, 0, 7));
      String url = db.jdbcUrl();
      JdbcTemplate jdbc = db.jdbc();

      // A run that fails midway: from the middle eligible workout on, every write fails.
      String poison = EligibleWorkouts.ids(jdbc).get(40);
      jdbc.update("UPDATE \"Workout\" SET \"aiAnalysisJson\" = NULL WHERE id = ?", poison);
      jdbc.execute(
          "ALTER TABLE \"Workout\" ADD CONSTRAINT poison CHECK (id <> '"
              + poison
              + "' OR \"aiAnalysisJson\" IS NULL)");
      assertThat(
              cli("run", "scoreBackfill", "--database-url", url, "--chunk-size", "10").exitCode())
          .isEqualTo(1);
      long first = lastExecution(jdbc);

      Cli.Result again = cli("restart", String.valueOf(first), "--database-url", url);
      assertThat(again.exitCode()).as(again.all()).isEqualTo(1);
      assertThat(again.out())
          .contains("Restarting scoreBackfill execution " + first + " (FAILED)")
          .contains("FAILED")
          .contains("jobs/athlete-batch restart --job scoreBackfill");
      long second = lastExecution(jdbc);
      assertThat(second).isGreaterThan(first);
      Cli.Result superseded = cli("restart", String.valueOf(first), "--database-url", url);
      assertThat(superseded.exitCode()).isEqualTo(5);
      assertThat(superseded.err())
          .contains("already restarted")
          .contains("is " + second + " (FAILED)");

      Cli.Result failed = cli("executions", "--status", "FAILED", "--database-url", url);
      assertThat(failed.exitCode()).isZero();
      assertThat(failed.out())
          .contains(first + "         scoreBackfill")
          .contains(second + "         scoreBackfill")
          .contains("run.id=1");

      JsonNode afterFailure = json(cli("status", "--json", "--database-url", url));
      JsonNode latest = afterFailure.path("jobs").get(0).path("executions").get(0);
      assertThat(latest.path("id").asLong()).isEqualTo(second);
      assertThat(latest.path("status").asString()).isEqualTo("FAILED");
      assertThat(latest.path("exitMessage").asString()).isNotBlank();
      JsonNode workouts = step(latest, "scoreWorkouts");
      assertThat(workouts.path("status").asString()).isEqualTo("FAILED");
      assertThat(workouts.path("total").asLong()).isPositive();
      assertThat(workouts.path("written").asLong()).isLessThan(workouts.path("total").asLong());

      jdbc.execute("ALTER TABLE \"Workout\" DROP CONSTRAINT poison");
      Cli.Result resumed = cli("restart", "--job", "scoreBackfill", "--database-url", url);
      assertThat(resumed.exitCode()).as(resumed.all()).isZero();
      assertThat(resumed.out())
          .contains("Restarting scoreBackfill execution " + second)
          .contains("COMPLETED");
      long third = lastExecution(jdbc);
      assertThat(EligibleWorkouts.count(jdbc)).isZero();

      assertRefused(
          cli("restart", String.valueOf(third), "--database-url", url),
          "is COMPLETED and cannot be restarted");
      Cli.Result abandoned = cli("abandon", String.valueOf(first), "--database-url", url);
      assertThat(abandoned.exitCode()).as(abandoned.all()).isZero();
      assertThat(
              jdbc.queryForObject(
                  "SELECT STATUS FROM batch.BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
                  String.class,
                  first))
          .isEqualTo("ABANDONED");
      assertRefused(cli("restart", String.valueOf(first), "--database-url", url), "abandoned");

      JsonNode done =
          json(
              cli(
                  "status",
                  "--json",
                  "--job",
                  "scoreBackfill",
                  "--limit",
                  "10",
                  "--database-url",
                  url));
      JsonNode executions = done.path("jobs").get(0).path("executions");
      assertThat(executions).hasSize(3);
      JsonNode completed = executions.get(0);
      assertThat(completed.path("id").asLong()).isEqualTo(third);
      assertThat(completed.path("status").asString()).isEqualTo("COMPLETED");
      assertThat(completed.path("parameters").asString())
          .contains("run.id=1")
          .contains("chunkSize=10");
      assertThat(completed.path("durationSeconds").isNumber()).isTrue();
      assertThat(completed.path("heartbeat").isNull())
          .as("only running executions show a heartbeat")
          .isTrue();
      assertThat(step(completed, "scoreWorkouts").path("percentDone").asDouble()).isEqualTo(100.0);
      assertThat(executions.get(2).path("status").asString()).isEqualTo("ABANDONED");
    }
  }

  /**
   * Unknown ids and finished executions, for every command (the database makes no difference here).
   */
  @org.junit.jupiter.api.Test
  void unknownIdsAndFinishedExecutions() {
    try (TestDatabase db = TestDatabase.h2()) {
      DomainSchema.createIfMissing(db.dataSource());
      new DemoDataGenerator().generate(db.dataSource(), new DemoOptions(2, 30, 10, 0, 5));
      String url = db.jdbcUrl();

      assertThat(cli("executions", "--database-url", url).out()).contains("No executions.");
      for (String command : List.of("restart", "stop", "abandon", "recover")) {
        Cli.Result unknown = cli(command, "999", "--database-url", url);
        assertThat(unknown.exitCode()).as(command + ": " + unknown.all()).isEqualTo(4);
        assertThat(unknown.err()).contains("no such execution: 999");
      }
      Cli.Result nothing = cli("restart", "--job", "scoreBackfill", "--database-url", url);
      assertThat(nothing.exitCode()).isEqualTo(4);
      assertThat(nothing.err()).contains("no FAILED or STOPPED execution of scoreBackfill");
      assertThat(cli("restart", "--database-url", url).exitCode()).as("id or --job").isEqualTo(2);

      assertThat(cli("run", "scoreBackfill", "--database-url", url).exitCode()).isZero();
      long id = lastExecution(db.jdbc());
      String completed = String.valueOf(id);
      assertRefused(cli("stop", completed, "--database-url", url), "not running: nothing to stop");
      assertRefused(
          cli("recover", completed, "--database-url", url), "not left running: nothing to recover");
      assertRefused(cli("abandon", completed, "--database-url", url), "nothing to abandon");
      assertThat(cli("restart", "--job", "scoreBackfill", "--database-url", url).exitCode())
          .isEqualTo(4);

      Cli.Result listed =
          cli(
              "executions",
              "--status",
              "COMPLETED",
              "--job",
              "scoreBackfill",
              "--database-url",
              url);
      assertThat(listed.out())
          .contains(id + "         scoreBackfill        1        COMPLETED  COMPLETED");
      assertThat(cli("executions", "--job", "capabilityEstimation", "--database-url", url).out())
          .contains("No executions of capabilityEstimation.");
      Cli.Result text = cli("status", "--watch", "1", "--count", "2", "--database-url", url);
      assertThat(text.out().split("athlete-batch status at", -1)).hasSize(3);
      assertThat(text.out())
          .contains("scoreBackfill")
          .contains("COMPLETED")
          .contains("scoreNutrition")
          .contains("capabilityEstimation")
          .contains("no executions yet");
      // The queries follow --batch-schema: another schema has no executions yet.
      assertThat(cli("executions", "--batch-schema", "other_batch", "--database-url", url).out())
          .contains("No executions.");
    }
  }

  private static Cli.Result cli(String... args) {
    return Cli.run(args);
  }

  private static void assertRefused(Cli.Result result, String message) {
    assertThat(result.exitCode()).as(result.all()).isEqualTo(5);
    assertThat(result.err()).contains(message);
  }

  private static long lastExecution(JdbcTemplate jdbc) {
    return jdbc.queryForObject(
        "SELECT max(JOB_EXECUTION_ID) FROM batch.BATCH_JOB_EXECUTION", Long.class);
  }

  static JsonNode json(Cli.Result result) throws Exception {
    assertThat(result.exitCode()).as(result.all()).isZero();
    String out = result.out();
    return JSON.readTree(out.substring(out.indexOf('{')));
  }

  static JsonNode step(JsonNode execution, String name) {
    for (JsonNode step : execution.path("steps")) {
      if (step.path("name").asString().equals(name)) {
        return step;
      }
    }
    throw new AssertionError("no step " + name + " in " + execution);
  }
}
