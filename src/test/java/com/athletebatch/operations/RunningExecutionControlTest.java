package com.athletebatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.athletebatch.Application;
import com.athletebatch.database.Dialect;
import com.athletebatch.database.JobRepositorySchema;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TableSnapshot;
import com.athletebatch.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A run in a separate JVM on PostgreSQL, slowed by a trigger so that it is still going while it is
 * watched: status shows its progress and heartbeat; recover refuses it while it lives; stop ends it
 * STOPPED after a chunk; SIGKILL leaves it STARTED with a dead heartbeat until recover marks it
 * FAILED. Either way restart completes it and the tables equal those of an uninterrupted run.
 */
class RunningExecutionControlTest {

    private static final DemoOptions DEMO = new DemoOptions(6, 300, 40, 0, 23);
    private static final int CHUNK = 10;

    @Test
    void aLiveRunIsShownRefusedForRecoveryStoppedAndRestarted() throws Exception {
        try (TestDatabase db = demo(); TestDatabase reference = demo()) {
            JdbcTemplate jdbc = db.jdbc();
            slowDown(jdbc);
            Process child = startRun(db);
            try {
                long id = awaitCommits(jdbc, child, 3);

                JsonNode running = OperationsCommandsTest.json(Cli.run("status", "--json", "--job", "scoreBackfill",
                        "--database-url", db.jdbcUrl())).path("jobs").get(0).path("executions").get(0);
                assertThat(running.path("id").asLong()).isEqualTo(id);
                assertThat(running.path("status").asText()).isEqualTo("STARTED");
                assertThat(running.path("heartbeat").path("state").asText()).isEqualTo("ALIVE");
                assertThat(running.path("heartbeat").path("pid").asLong()).isEqualTo(child.pid());
                JsonNode workouts = OperationsCommandsTest.step(running, "scoreWorkouts");
                assertThat(workouts.path("status").asText()).isEqualTo("STARTED");
                assertThat(workouts.path("commits").asLong()).isGreaterThanOrEqualTo(3);
                assertThat(workouts.path("total").asLong()).isEqualTo(eligibleWorkouts(reference.jdbc()));
                assertThat(workouts.path("percentDone").asDouble()).isBetween(0.1, 99.9);
                assertThat(workouts.path("itemsPerSecond").asDouble()).isPositive();
                assertThat(workouts.path("etaSeconds").asLong()).isPositive();

                Cli.Result refused = Cli.run("recover", String.valueOf(id), "--database-url", db.jdbcUrl());
                assertThat(refused.exitCode()).as(refused.all()).isEqualTo(5);
                assertThat(refused.err()).contains("may still be running").contains("(alive)");
                Cli.Result overlap = Cli.run("run", "scoreBackfill", "--database-url", db.jdbcUrl());
                assertThat(overlap.exitCode()).isEqualTo(3);
                assertThat(overlap.out()).contains("already running (execution " + id + ")").doesNotContain("seems gone");
                assertThat(Cli.run("abandon", String.valueOf(id), "--database-url", db.jdbcUrl()).exitCode()).isEqualTo(5);

                Cli.Result stop = Cli.run("stop", String.valueOf(id), "--database-url", db.jdbcUrl());
                assertThat(stop.exitCode()).as(stop.all()).isZero();
                assertThat(stop.out()).contains("after committing its current chunk");
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).as(log(child)).isEqualTo(1);
                assertThat(status(jdbc, id)).isEqualTo("STOPPED");
                assertThat(jdbc.queryForObject("SELECT STATUS FROM batch.BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID = ?"
                        + " AND STEP_NAME = 'scoreWorkouts'", String.class, id)).isEqualTo("STOPPED");
            } finally {
                child.destroyForcibly();
            }
            speedUp(jdbc);
            restartAndCompareWithAnUninterruptedRun(db, reference, lastExecution(jdbc));
        }
    }

    @Test
    void aKilledRunIsFoundRecoveredAndRestartedToCompletion() throws Exception {
        try (TestDatabase db = demo(); TestDatabase reference = demo()) {
            JdbcTemplate jdbc = db.jdbc();
            slowDown(jdbc);
            Process child = startRun(db);
            long id;
            try {
                id = awaitCommits(jdbc, child, 3);
            } finally {
                child.destroyForcibly();
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(status(jdbc, id)).isEqualTo("STARTED");

            JsonNode crashed = OperationsCommandsTest.json(Cli.run("status", "--json", "--database-url", db.jdbcUrl()))
                    .path("jobs").get(0).path("executions").get(0);
            assertThat(crashed.path("status").asText()).isEqualTo("STARTED");
            assertThat(crashed.path("heartbeat").path("state").asText()).isEqualTo("DEAD");
            assertThat(Cli.run("status", "--database-url", db.jdbcUrl()).out())
                    .contains("no longer exists on this host").contains("jobs/athlete-batch recover " + id);
            Cli.Result blocked = Cli.run("run", "scoreBackfill", "--database-url", db.jdbcUrl());
            assertThat(blocked.exitCode()).isEqualTo(3);
            assertThat(blocked.out()).contains("Its JVM seems gone").contains("jobs/athlete-batch recover " + id);
            assertThat(Cli.run("restart", String.valueOf(id), "--database-url", db.jdbcUrl()).exitCode()).isEqualTo(5);

            Cli.Result recovered = Cli.run("recover", String.valueOf(id), "--database-url", db.jdbcUrl());
            assertThat(recovered.exitCode()).as(recovered.all()).isZero();
            assertThat(recovered.out()).contains("is now FAILED");
            assertThat(status(jdbc, id)).isEqualTo("FAILED");

            speedUp(jdbc);
            restartAndCompareWithAnUninterruptedRun(db, reference, id);
        }
    }

    private static void restartAndCompareWithAnUninterruptedRun(TestDatabase db, TestDatabase reference, long id) {
        Cli.Result restarted = Cli.run("restart", String.valueOf(id), "--database-url", db.jdbcUrl());
        assertThat(restarted.exitCode()).as(restarted.all()).isZero();
        assertThat(restarted.out()).contains("COMPLETED");
        Cli.Result uninterrupted = Cli.run("run", "scoreBackfill", "--database-url", reference.jdbcUrl(),
                "--chunk-size", String.valueOf(CHUNK));
        assertThat(uninterrupted.exitCode()).isZero();
        for (String table : List.of("\"Workout\"", "\"Nutrition\"")) {
            assertThat(TableSnapshot.of(db.jdbc(), table, TableSnapshot.WRITE_TIMES)).as(table)
                    .isEqualTo(TableSnapshot.of(reference.jdbc(), table, TableSnapshot.WRITE_TIMES));
        }
        // No row was written twice: the executions' writes add up to the eligible rows.
        assertThat(db.jdbc().queryForObject("SELECT sum(WRITE_COUNT) FROM batch.BATCH_STEP_EXECUTION"
                + " WHERE STEP_NAME = 'scoreWorkouts'", Long.class))
                .isEqualTo(reference.jdbc().queryForObject("SELECT WRITE_COUNT FROM batch.BATCH_STEP_EXECUTION"
                        + " WHERE STEP_NAME = 'scoreWorkouts'", Long.class));
    }

    private static TestDatabase demo() {
        TestDatabase db = TestDatabase.postgres();
        DomainSchema.createIfMissing(db.dataSource());
        new DemoDataGenerator().generate(db.dataSource(), DEMO);
        // The job-repository tables exist before the child starts, so they can be polled at once.
        new JobRepositorySchema(db.dataSource(), Dialect.POSTGRESQL, "batch").createIfMissing();
        return db;
    }

    /** Every workout update sleeps, so that a chunk of 10 takes a few tenths of a second. */
    private static void slowDown(JdbcTemplate jdbc) {
        jdbc.execute("CREATE FUNCTION test_slow_down() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN PERFORM pg_sleep(0.03); RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER test_slow_down BEFORE UPDATE ON \"Workout\" FOR EACH ROW "
                + "EXECUTE FUNCTION test_slow_down()");
    }

    private static void speedUp(JdbcTemplate jdbc) {
        jdbc.execute("DROP TRIGGER test_slow_down ON \"Workout\"");
    }

    private static Process startRun(TestDatabase db) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = Files.createTempFile("athlete-batch-child", ".log").toFile();
        log.deleteOnExit();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Application.class.getName(),
                "run", "scoreBackfill", "--database-url", db.jdbcUrl(), "--chunk-size", String.valueOf(CHUNK))
                .redirectErrorStream(true).redirectOutput(log).start();
    }

    /** Waits until the child has committed some chunks of scoreWorkouts; returns its execution id. */
    private static long awaitCommits(JdbcTemplate jdbc, Process child, int commits) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive()).as("the child run ended early").isTrue();
            List<Long> ids = jdbc.queryForList("SELECT JOB_EXECUTION_ID FROM batch.BATCH_STEP_EXECUTION"
                    + " WHERE STEP_NAME = 'scoreWorkouts' AND STATUS = 'STARTED' AND COMMIT_COUNT >= ?",
                    Long.class, commits);
            if (!ids.isEmpty()) {
                return ids.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the child run committed no chunks in time");
    }

    private static String status(JdbcTemplate jdbc, long id) {
        return jdbc.queryForObject("SELECT STATUS FROM batch.BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = ?",
                String.class, id);
    }

    private static long lastExecution(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT max(JOB_EXECUTION_ID) FROM batch.BATCH_JOB_EXECUTION", Long.class);
    }

    private static long eligibleWorkouts(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT count(*) FROM \"Workout\" WHERE \"overallScore\" IS NULL"
                + " AND \"aiAnalysisStatus\" IN ('NOT_STARTED', 'COMPLETED') AND date <= CURRENT_TIMESTAMP", Long.class);
    }

    private static String log(Process child) {
        return "child run exited " + child.exitValue();
    }
}
