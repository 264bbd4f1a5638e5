package com.athletebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.Cli;
import com.athletebatch.support.JvmProcess;
import com.athletebatch.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' set-up step, "Ensure your .env file is configured with DATABASE_URL": a command run in
 * a folder whose .env names the database uses it, and its first line of output says so.
 */
class DatabaseUrlSourceCommandTest {

  @TempDir Path folder;

  @Test
  void backfillScoresInAFolderWithADotEnvScoresThatDatabase() throws Exception {
    try (TestDatabase db = TestDatabase.create(Dialect.POSTGRESQL)) {
      DomainSchema.createIfMissing(db.dataSource());
      new DemoDataGenerator()
          .generate(
              db.dataSource(),
              new DemoOptions(4, 30, 20, 0, 7),
              java.time.LocalDate.of(2026, 10, 31));
      Files.writeString(
          folder.resolve(".env"),
          "# Coach Watts\nTRIGGER_API_KEY=tr_dev_x\nexport DATABASE_URL=\""
              + db.jdbcUrl()
              + "\"\n");

      JvmProcess run = JvmProcess.start(folder, Map.of(), "backfill-scores", "--yes");
      try {
        assertThat(run.waitFor(180)).as(run.output()).isZero();
        String first = run.output().lines().findFirst().orElse("");
        assertThat(first)
            .startsWith("Database: jdbc:postgresql://")
            .endsWith("— URL from " + folder.resolve(".env").toRealPath());
      } finally {
        run.delete();
      }
      assertThat(
              db.jdbc()
                  .queryForObject(
                      "SELECT count(*) FROM \"Workout\" WHERE \"overallScore\" IS NOT NULL",
                      Integer.class))
          .isPositive();
      assertThat(Files.exists(folder.resolve("data"))).as("no embedded H2 database").isFalse();
    }
  }

  @Test
  void theEnvironmentComesBeforeDotEnv() throws Exception {
    Files.writeString(folder.resolve(".env"), "DATABASE_URL=jdbc:h2:mem:never\n");
    JvmProcess run =
        JvmProcess.start(
            folder,
            Map.of("DATABASE_URL", "postgresql://env:env-secret@127.0.0.1:1/nowhere"),
            "status");
    try {
      run.waitFor(120);
      assertThat(run.output().lines().findFirst().orElse(""))
          .isEqualTo(
              "Database: jdbc:postgresql://127.0.0.1:1/nowhere?reWriteBatchedInserts=true"
                  + " (user env) — URL from the environment (DATABASE_URL)");
      assertThat(run.output()).doesNotContain("env-secret");
    } finally {
      run.delete();
    }
  }

  @Test
  void theFlagIsNamedOnTheFirstLine() {
    try (TestDatabase db = TestDatabase.create(Dialect.H2)) {
      Cli.Result result = Cli.run("executions", "--database-url", db.jdbcUrl());
      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(result.out().lines().findFirst().orElse(""))
          .startsWith("Database: jdbc:h2:mem:")
          .endsWith("— URL from --database-url");
    }
  }

  @Test
  void statusJsonKeepsStandardOutputForTheJson() {
    try (TestDatabase db = TestDatabase.create(Dialect.H2)) {
      Cli.Result result = Cli.run("status", "--json", "--database-url", db.jdbcUrl());
      assertThat(result.exitCode()).as(result.all()).isZero();
      assertThat(result.out()).contains("\"jobs\"").doesNotContain("Database:");
      assertThat(result.err()).contains("URL from --database-url");
    }
  }
}
