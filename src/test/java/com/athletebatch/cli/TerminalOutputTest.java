package com.athletebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.support.Cli;
import com.athletebatch.support.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a one-shot command prints: results on stdout, logs on stderr, no framework INFO lines and no
 * stack traces unless --verbose, and a failure's advice that fits its cause.
 */
class TerminalOutputTest {

  /** Every command's help renders cleanly: a '%' in an option's text is picocli format syntax. */
  @Test
  void everyCommandsHelpPrintsWithoutPicocliWarnings() {
    var names = new picocli.CommandLine(AthleteBatchCommand.class).getSubcommands().keySet();
    assertThat(names).contains("run", "worker", "benchmark", "schedule");
    for (String name : names) {
      Cli.Result help = Cli.run(name, "--help");
      assertThat(help.exitCode()).as(name).isZero();
      assertThat(help.out()).as(name).contains("Usage: athlete-batch " + name);
      assertThat(help.all()).as(name).doesNotContain("picocli WARN").doesNotContain("%n");
    }
  }

  @Test
  void aRunPrintsOurWordsOnlyAndResultsOnStdout() {
    try (TestDatabase db = TestDatabase.h2()) {
      DomainSchema.createIfMissing(db.dataSource());
      new DemoDataGenerator().generate(db.dataSource(), new DemoOptions(3, 40, 10, 0, 3));
      Cli.Result run = Cli.run("run", "scoreBackfill", "--database-url", db.jdbcUrl());
      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(run.out())
          .contains("scoreBackfill execution 1: COMPLETED")
          .doesNotContain(" INFO ");
      assertThat(run.err())
          .contains("progress")
          .doesNotContain("Executing step")
          .doesNotContain("launched with the following parameters");

      // stdout is the JSON alone, for jq.
      Cli.Result status = Cli.run("status", "--json", "--database-url", db.jdbcUrl());
      assertThat(status.exitCode()).isZero();
      assertThat(JsonMapper.builder().build().readTree(status.out()).path("jobs").size())
          .isEqualTo(2);

      Cli.Result verbose =
          Cli.run("run", "scoreBackfill", "--verbose", "--database-url", db.jdbcUrl());
      assertThat(verbose.exitCode()).as(verbose.all()).isZero();
      assertThat(verbose.err()).contains("Executing step").contains("launched with the following");
    }
  }

  @Test
  void aMissingTableIsOneReasonWithoutATraceAndWithoutResumeAdvice() {
    try (TestDatabase db = TestDatabase.h2()) {
      Cli.Result run = Cli.run("run", "scoreBackfill", "--database-url", db.jdbcUrl());
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out())
          .contains("reason: Job scoreBackfill needs table \"User\"")
          .contains("Running the command again will not help until the database has the table")
          .doesNotContain("the same command again")
          .doesNotContain("resumes execution");
      assertThat(run.all()).doesNotContain("\tat ").doesNotContain("Exception");

      Cli.Result verbose =
          Cli.run("run", "scoreBackfill", "--database-url", db.jdbcUrl(), "--verbose");
      assertThat(verbose.err()).contains("MissingTableException").contains("\tat ");
    }
  }

  @Test
  void anUnreachableDatabaseIsOneLineWithAdviceForTheCommand() {
    String nowhere = "postgresql://nobody@127.0.0.1:1/nothing";
    Cli.Result status = Cli.run("status", "--database-url", nowhere);
    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.err().strip().lines()).hasSize(1);
    assertThat(status.err())
        .startsWith("error: the database cannot be reached")
        .contains("check --database-url")
        .doesNotContain("committed chunks");
    Cli.Result run = Cli.run("run", "scoreBackfill", "--database-url", nowhere);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("run the same command again when the database is back");
  }
}
