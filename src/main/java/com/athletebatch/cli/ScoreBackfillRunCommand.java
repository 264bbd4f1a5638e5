package com.athletebatch.cli;

import com.athletebatch.database.Dialect;
import com.athletebatch.scoring.EligibleRows;
import com.athletebatch.scoring.ScoreBackfillJobConfiguration;
import com.athletebatch.scoring.ScoreSelection;
import com.athletebatch.scoring.ScoreTable;
import com.athletebatch.scoring.llm.LlmClientFactory;
import com.athletebatch.scoring.llm.LlmDryRun;
import com.athletebatch.scoring.llm.LlmRun;
import com.athletebatch.scoring.llm.LlmRuns;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run scoreBackfill}: score every eligible workout and nutrition day. */
@Command(
    name = ScoreBackfillJobConfiguration.JOB_NAME,
    mixinStandardHelpOptions = true,
    description = "Score the \"Workout\" and \"Nutrition\" rows still waiting for scores.")
public class ScoreBackfillRunCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  @Mixin ScoreBackfillOptions selection;

  @Mixin ScorerOptions scorer;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin PartitionOptions partitions;

  @Option(names = "--dry-run", description = "only count the rows that would be scored")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    // Checked before anything starts (usage error, exit 2).
    LlmRun llm = scorer.llmRun(spec.commandLine(), System.getenv());
    if (llm.kind().callsModel() && (partitions.partitions != null || partitions.broker != null)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--scorer "
              + llm.kind().cliName()
              + " runs its model calls concurrently inside each chunk (--llm-concurrency);"
              + " not with --partitions or --broker");
    }
    // Both tables' steps run side by side, each over its partitions.
    try (ConfigurableApplicationContext context =
        ApplicationContexts.start(database, partitions.contextArgs(2))) {
      JobCommands.seedEmbeddedDefaultIfEmpty(context, database, out);
      ScoreSelection s = selection.selection();
      if (dryRun) {
        Map<ScoreTable, Long> counts = printCounts(context, s, out);
        printEstimate(context, s, llm, counts, out);
        return 0;
      }
      Job job = context.getBean(ScoreBackfillJobConfiguration.JOB_NAME, Job.class);
      return JobCommands.launch(
          context,
          job,
          llm.addTo(partitions.addTo(s.toParameters())),
          "jobs/athlete-batch run scoreBackfill …",
          out);
    }
  }

  /** With an LLM scorer: the estimated tokens (and cost, with prices) of the run. */
  static void printEstimate(
      ConfigurableApplicationContext context,
      ScoreSelection s,
      LlmRun llm,
      Map<ScoreTable, Long> counts,
      PrintStream out) {
    if (!llm.kind().callsModel()) {
      return;
    }
    List<LlmDryRun.Estimate> estimates =
        LlmDryRun.estimate(
            context.getBean(DataSource.class),
            context.getBean(Dialect.class),
            s,
            llm,
            LlmRuns.client(context.getBeanProvider(LlmClientFactory.class), llm),
            counts);
    long in = 0;
    long outTokens = 0;
    out.printf("Scorer: %s%n", llm.describe());
    for (LlmDryRun.Estimate e : estimates) {
      out.printf(
          "  %-10s about %,d input + %,d output tokens (from the first %d eligible rows, %d of"
              + " them sent to the model, scaled to %,d rows)%n",
          e.table().stepName().replace("score", "").toLowerCase(java.util.Locale.ROOT),
          e.estimated().input(),
          e.estimated().output(),
          e.sampled(),
          e.sent(),
          e.eligible());
      in += e.estimated().input();
      outTokens += e.estimated().output();
    }
    out.printf("Estimated tokens: %,d input + %,d output = %,d%n", in, outTokens, in + outTokens);
    Double cost = llm.cost(in, outTokens);
    if (cost != null) {
      out.printf(
          java.util.Locale.ROOT,
          "Estimated cost: $%.2f (at $%s in / $%s out per million tokens)%n",
          cost,
          llm.priceInPerMillion() == null ? "0" : llm.priceInPerMillion(),
          llm.priceOutPerMillion() == null ? "0" : llm.priceOutPerMillion());
    } else {
      out.println("Give --llm-price-in and --llm-price-out (per million tokens) for a cost.");
    }
  }

  static Map<ScoreTable, Long> printCounts(
      ConfigurableApplicationContext context, ScoreSelection s, PrintStream out) {
    Map<ScoreTable, Long> counts =
        EligibleRows.count(context.getBean(DataSource.class), context.getBean(Dialect.class), s);
    out.printf("Workouts without scores:       %d%n", counts.get(ScoreTable.WORKOUT));
    out.printf("Nutrition days without scores: %d%n", counts.get(ScoreTable.NUTRITION));
    return counts;
  }
}
