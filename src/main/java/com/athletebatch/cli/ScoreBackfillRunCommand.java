package com.athletebatch.cli;

import com.athletebatch.database.Dialect;
import com.athletebatch.scoring.EligibleRows;
import com.athletebatch.scoring.ScoreBackfillJobConfiguration;
import com.athletebatch.scoring.ScoreSelection;
import com.athletebatch.scoring.ScoreTable;
import java.io.PrintStream;
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

  @Mixin PartitionOptions partitions;

  @Option(names = "--dry-run", description = "only count the rows that would be scored")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    // Both tables' steps run side by side, each over its partitions.
    try (ConfigurableApplicationContext context =
        ApplicationContexts.start(database, partitions.contextArgs(2))) {
      JobCommands.seedEmbeddedDefaultIfEmpty(context, database, out);
      ScoreSelection s = selection.selection();
      if (dryRun) {
        printCounts(context, s, out);
        return 0;
      }
      Job job = context.getBean(ScoreBackfillJobConfiguration.JOB_NAME, Job.class);
      return JobCommands.launch(
          context,
          job,
          partitions.addTo(s.toParameters()),
          "jobs/athlete-batch run scoreBackfill …",
          out);
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
