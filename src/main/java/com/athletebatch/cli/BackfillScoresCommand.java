package com.athletebatch.cli;

import com.athletebatch.scoring.ScoreBackfillJobConfiguration;
import com.athletebatch.scoring.ScoreSelection;
import com.athletebatch.scoring.ScoreTable;
import com.athletebatch.scoring.llm.LlmRun;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.Job;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code backfill-scores}: the seed's {@code pnpm backfill-scores} — count, confirm, run with
 * progress, summarise.
 */
@Command(
    name = "backfill-scores",
    mixinStandardHelpOptions = true,
    description = "Count the rows without scores, ask, then run the scoreBackfill job.")
public class BackfillScoresCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  @Mixin ScoreBackfillOptions selection;

  @Mixin ScorerOptions scorer;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"--yes", "-y"},
      description = "run without asking")
  boolean yes;

  @Option(names = "--dry-run", description = "only count the rows that would be scored")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    // Checked before anything starts (usage error, exit 2).
    LlmRun llm = scorer.llmRun(spec.commandLine(), System.getenv());
    try (ConfigurableApplicationContext context = ApplicationContexts.start(database)) {
      JobCommands.seedEmbeddedDefaultIfEmpty(context, database, out);
      ScoreSelection s = selection.selection();
      Map<ScoreTable, Long> counts = ScoreBackfillRunCommand.printCounts(context, s, out);
      long total = counts.values().stream().mapToLong(Long::longValue).sum();
      if (total == 0) {
        out.println("All items already have scores!");
        return 0;
      }
      if (dryRun) {
        ScoreBackfillRunCommand.printEstimate(context, s, llm, counts, out);
        out.println("Dry run: nothing was changed.");
        return 0;
      }
      if (!yes && System.console() != null && !confirm(out)) {
        out.println("Cancelled.");
        return 0;
      }
      Job job = context.getBean(ScoreBackfillJobConfiguration.JOB_NAME, Job.class);
      return JobCommands.launch(
          context, job, llm.addTo(s.toParameters()), "jobs/backfill-scores.sh --yes …", out);
    }
  }

  private static boolean confirm(PrintStream out) throws Exception {
    out.print("Continue? (y/n) ");
    out.flush();
    String answer = new BufferedReader(new InputStreamReader(System.in)).readLine();
    return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
  }
}
