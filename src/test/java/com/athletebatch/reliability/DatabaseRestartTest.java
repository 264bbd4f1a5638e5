package com.athletebatch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.operations.OperationsConfiguration;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TableSnapshot;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The PostgreSQL server itself restarted in the middle of a run (a server of its own, stopped and
 * started again on the same data directory and port): back within the retry window, the run
 * reconnects and completes; gone for longer, the run fails saying the database went away, and the
 * same command completes it once the server is back. Both end equal to an uninterrupted run.
 */
@Tag("reliability")
class DatabaseRestartTest {

    private static final DemoOptions DEMO = new DemoOptions(6, 400, 100, 0, 29);

    private static EmbeddedPostgres start(Path dir, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port).start();
    }

    private static String url(int port, String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database + "?user=postgres";
    }

    private static JdbcTemplate jdbc(int port, String database) {
        return new JdbcTemplate(new DriverManagerDataSource(url(port, database)));
    }

    private static void createDemo(int port, String database) {
        jdbc(port, "postgres").execute("CREATE DATABASE " + database);
        DriverManagerDataSource ds = new DriverManagerDataSource(url(port, database));
        DomainSchema.createIfMissing(ds);
        new DemoDataGenerator().generate(ds, DEMO);
    }

    private static void waitForCommittedChunks(JdbcTemplate jdbc) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try {
                Integer written = jdbc.queryForObject("SELECT coalesce(sum(WRITE_COUNT), 0) FROM batch.BATCH_STEP_EXECUTION"
                        + " WHERE STEP_NAME = 'scoreWorkouts'", Integer.class);
                if (written != null && written > 20) {
                    return;
                }
            } catch (org.springframework.dao.DataAccessException notYet) {
                // no job repository yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the run never committed a chunk");
    }

    @Test
    void aServerRestartMidwayIsSurvivedOrReportedAndResumed() throws Exception {
        Path dir = Files.createTempDirectory("athlete-batch-pg");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        System.setProperty(OperationsConfiguration.RETRY_BACKOFF, "1s");
        // fail fast while the server is down (HikariCP waits 30 s for a connection by default)
        System.setProperty("spring.datasource.hikari.connection-timeout", "2000");
        EmbeddedPostgres server = start(dir, port);
        try {
            for (String db : List.of("restart_quick", "restart_long", "restart_reference")) {
                createDemo(port, db);
            }
            String[] quick = {"run", "scoreBackfill", "--database-url", url(port, "restart_quick"), "--chunk-size", "5"};
            String[] longer = {"run", "scoreBackfill", "--database-url", url(port, "restart_long"), "--chunk-size", "5"};

            // Back within the retry window (retries after 1 s, 2 s, 4 s): the run completes.
            CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run(quick));
            waitForCommittedChunks(jdbc(port, "restart_quick"));
            server.close();
            server = start(dir, port);
            Cli.Result survived = run.get(120, TimeUnit.SECONDS);
            assertThat(survived.exitCode()).as(survived.all()).isZero();
            assertThat(survived.all()).contains("transient database error");

            // Gone for longer than the retries: FAILED, saying so; the same command completes it.
            run = CompletableFuture.supplyAsync(() -> Cli.run(longer));
            waitForCommittedChunks(jdbc(port, "restart_long"));
            server.close();
            Cli.Result failed = run.get(120, TimeUnit.SECONDS);
            server = start(dir, port);
            assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
            assertThat(failed.all()).contains("the database went away");
            // The server was down when the run ended, so its execution still reads STARTED:
            // recovered first (its heartbeat stopped with the run), then the same command resumes it.
            CrashRecoveryTest.recover(jdbc(port, "restart_long"), url(port, "restart_long"));
            Cli.Result resumed = Cli.run(longer);
            assertThat(resumed.exitCode()).as(resumed.all()).isZero();
            assertThat(resumed.all()).contains("Resuming scoreBackfill execution");

            assertThat(Cli.run("run", "scoreBackfill", "--database-url", url(port, "restart_reference"),
                    "--chunk-size", "5").exitCode()).isZero();
            for (String database : List.of("restart_quick", "restart_long")) {
                for (String table : List.of("\"Workout\"", "\"Nutrition\"")) {
                    assertThat(TableSnapshot.of(jdbc(port, database), table, TableSnapshot.WRITE_TIMES))
                            .as(database + " " + table)
                            .isEqualTo(TableSnapshot.of(jdbc(port, "restart_reference"), table, TableSnapshot.WRITE_TIMES));
                }
            }
        } finally {
            System.clearProperty(OperationsConfiguration.RETRY_BACKOFF);
            System.clearProperty("spring.datasource.hikari.connection-timeout");
            server.close();
            org.springframework.util.FileSystemUtils.deleteRecursively(dir);
        }
    }
}
