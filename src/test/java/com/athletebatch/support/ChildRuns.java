package com.athletebatch.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.Application;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs of the command line in a separate JVM, as an operator's shell starts them, slowed down on
 * PostgreSQL so that they are still going while a test watches them.
 */
public final class ChildRuns {

  private ChildRuns() {}

  /**
   * Every workout update sleeps this long, so that a chunk takes a while and a run lasts well
   * beyond the checks made while it is going, even on a busy machine. Called again, it changes the
   * pause.
   */
  public static void slowDown(JdbcTemplate jdbc, double seconds) {
    jdbc.execute(
        "CREATE OR REPLACE FUNCTION test_slow_down() RETURNS trigger LANGUAGE plpgsql AS "
            + "$$ BEGIN PERFORM pg_sleep("
            + String.format(Locale.ROOT, "%.3f", seconds)
            + "); RETURN NEW; END $$");
    jdbc.execute("DROP TRIGGER IF EXISTS test_slow_down ON \"Workout\"");
    jdbc.execute(
        "CREATE TRIGGER test_slow_down BEFORE UPDATE ON \"Workout\" FOR EACH ROW "
            + "EXECUTE FUNCTION test_slow_down()");
  }

  public static void speedUp(JdbcTemplate jdbc) {
    jdbc.execute("DROP TRIGGER test_slow_down ON \"Workout\"");
  }

  /** The command line in a separate JVM, its output in a temporary log file. */
  public static Process start(String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File log = Files.createTempFile("athlete-batch-child", ".log").toFile();
    log.deleteOnExit();
    List<String> command =
        new ArrayList<>(
            List.of(
                java, "-cp", System.getProperty("java.class.path"), Application.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
  }

  /** Waits until a child has committed some chunks of scoreWorkouts; returns its execution id. */
  public static long awaitCommits(JdbcTemplate jdbc, Process child, int commits) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(child.isAlive()).as("the child run ended early").isTrue();
      List<Long> ids =
          jdbc.queryForList(
              "SELECT JOB_EXECUTION_ID FROM batch.BATCH_STEP_EXECUTION"
                  + " WHERE STEP_NAME = 'scoreWorkouts' AND STATUS = 'STARTED' AND COMMIT_COUNT >= ?",
              Long.class,
              commits);
      if (!ids.isEmpty()) {
        return ids.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the child run committed no chunks in time");
  }
}
