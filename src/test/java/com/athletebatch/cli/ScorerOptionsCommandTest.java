package com.athletebatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.athletebatch.support.Cli;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@code --scorer} and the model options (issue 14) on the three commands that
 * launch the score backfill: bad combinations are usage errors (exit 2) named before anything
 * starts; the key is never an option.
 */
class ScorerOptionsCommandTest {

  private static final String STUB = "http://127.0.0.1:1";

  private static Cli.Result usage(String... args) {
    Cli.Result result = Cli.run(args);
    assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
    return result;
  }

  @Test
  void modelOptionsNeedAModelScorer() {
    assertThat(usage("run", "scoreBackfill", "--llm-model", "x", "--llm-rpm", "10").err())
        .contains("--llm-model, --llm-rpm needs --scorer llm or hybrid");
    assertThat(usage("backfill-scores", "--scorer", "deterministic", "--llm-base-url", STUB).err())
        .contains("--llm-base-url needs --scorer llm or hybrid");
  }

  @Test
  void unknownScorerOrProviderAndBadValuesAreUsageErrors() {
    assertThat(usage("run", "scoreBackfill", "--scorer", "magic").err())
        .contains("unknown scorer 'magic'; use one of deterministic, llm, hybrid");
    assertThat(
            usage(
                    "backfill-scores",
                    "--scorer",
                    "llm",
                    "--llm-provider",
                    "claude",
                    "--llm-base-url",
                    STUB)
                .err())
        .contains("unknown LLM provider 'claude'");
    assertThat(usage("run", "scoreBackfill", "--scorer", "llm", "--llm-base-url", "ftp://x").err())
        .contains("--llm-base-url takes an http(s) URL");
    assertThat(
            usage(
                    "backfill-scores",
                    "--scorer",
                    "hybrid",
                    "--llm-base-url",
                    STUB,
                    "--llm-concurrency",
                    "0")
                .err())
        .contains("--llm-concurrency must be at least 1");
    assertThat(
            usage(
                    "run",
                    "scoreBackfill",
                    "--scorer",
                    "llm",
                    "--llm-base-url",
                    STUB,
                    "--llm-max-tokens",
                    "-5")
                .err())
        .contains(">= 0");
  }

  @Test
  void aProviderWithoutKeyOrLocalUrlIsAUsageError() {
    assumeTrue(System.getenv("OPENAI_API_KEY") == null && System.getenv("GEMINI_API_KEY") == null);
    assertThat(usage("backfill-scores", "--scorer", "llm").err())
        .contains("needs an API key in OPENAI_API_KEY (or --llm-base-url for a local server)");
    assertThat(
            usage("run", "scoreBackfill", "--scorer", "hybrid", "--llm-provider", "gemini").err())
        .contains("GEMINI_API_KEY");
  }

  @Test
  void aModelScorerDoesNotRunPartitioned() {
    assertThat(
            usage(
                    "run",
                    "scoreBackfill",
                    "--scorer",
                    "hybrid",
                    "--llm-base-url",
                    STUB,
                    "--partitions",
                    "2")
                .err())
        .contains("not with --partitions or --broker");
    assertThat(
            usage(
                    "schedule",
                    "--once",
                    "--scorer",
                    "llm",
                    "--llm-base-url",
                    STUB,
                    "--partitions",
                    "2")
                .err())
        .contains("not with --partitions");
  }

  @Test
  void theHelpOfEachEntryPointListsTheScorerOptions() {
    for (String[] command :
        new String[][] {
          {"run", "scoreBackfill", "--help"}, {"backfill-scores", "--help"}, {"schedule", "--help"}
        }) {
      Cli.Result help = Cli.run(command);
      assertThat(help.exitCode()).isZero();
      assertThat(help.out())
          .contains("--scorer=KIND")
          .contains("--llm-provider")
          .contains("--llm-concurrency")
          .contains("--llm-max-tokens")
          .contains("--llm-price-in")
          .doesNotContain("--llm-api-key");
    }
  }
}
