package com.athletebatch.cli;

import com.athletebatch.capability.BackgroundJobsRecorder;
import com.athletebatch.capability.CapabilityEstimationJobConfiguration;
import com.athletebatch.capability.CapabilityQueries;
import com.athletebatch.capability.CapabilitySelection;
import com.athletebatch.database.RequiredTables;
import com.athletebatch.operations.JobRunner;
import com.athletebatch.operations.RunSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code capability-backfill}: the runbook's {@code backfill-capability-estimation.sh} contract.
 * Prints {@code already_inflight}, {@code no_capability_seed_user}, {@code completed:<id>} or
 * {@code failed:<id>}, then (unless {@code --no-verify}) the runbook's coverage and lag results.
 */
@Command(
    name = "capability-backfill",
    mixinStandardHelpOptions = true,
    description = "Run the capabilityEstimation job with the runbook's contract and verification.")
public class CapabilityBackfillCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  @Mixin CapabilityOptions options;

  @Option(names = "--no-verify", description = "skip the coverage and lag queries")
  boolean noVerify;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    CapabilitySelection selection = options.selection();
    try (ConfigurableApplicationContext context = ApplicationContexts.start(database)) {
      JobCommands.seedEmbeddedDefaultIfEmpty(context, database, out);
      DataSource dataSource = context.getBean(DataSource.class);
      RequiredTables.check(
          dataSource,
          CapabilityEstimationJobConfiguration.JOB_NAME,
          CapabilityQueries.REQUIRED_TABLES);
      if (!anyUserWithCapabilityEvents(dataSource, selection)) {
        out.println("no_capability_seed_user");
        return 0;
      }
      Optional<BackgroundJobsRecorder.KuraRow> kuraRow =
          context.getBean(BackgroundJobsRecorder.class).kuraRowInFlight(selection.source());
      if (kuraRow.isPresent()) {
        out.println("already_inflight");
        out.println(JobCommands.kuraRowInFlight(kuraRow.get(), selection.source()));
        return 0;
      }
      Job job = context.getBean(CapabilityEstimationJobConfiguration.JOB_NAME, Job.class);
      JobRunner.Launch launch =
          context
              .getBean(JobRunner.class)
              .launch(job, selection.toParameters(), CapabilitySelection.SOURCE);
      if (launch instanceof JobRunner.Launch.AlreadyRunning running) {
        out.println("already_inflight");
        out.println(
            "  (execution "
                + running.executionId()
                + " with source '"
                + selection.source()
                + "' is running)");
        JobCommands.printIfGone(running, out);
        return 0;
      }
      JobExecution execution = ((JobRunner.Launch.Ran) launch).execution();
      RunSummary.print(execution, out);
      int exit = 0;
      if (execution.getStatus() == BatchStatus.COMPLETED) {
        out.println("completed:" + execution.getId());
      } else {
        out.println("failed:" + execution.getId());
        out.println(
            "To continue where it stopped, run the same command again (it resumes execution "
                + execution.getId()
                + "):");
        out.println(
            "  jobs/backfill-capability-estimation.sh --database-url \"$DATABASE_URL\" --source '"
                + selection.source()
                + "'"
                + (selection.changedOnly() ? " --changed-only" : "")
                + (options.users == null ? "" : " --users " + options.users));
        exit = AthleteBatchCommand.EXIT_FAILED;
      }
      if (!noVerify) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        printQuery(jdbc, "coverage", "sql/monitoring/capability-coverage.sql", out);
        printQuery(jdbc, "lag", "sql/monitoring/capability-lag.sql", out);
      }
      return exit;
    }
  }

  private static boolean anyUserWithCapabilityEvents(
      DataSource dataSource, CapabilitySelection selection) {
    Map<String, Object> params = new HashMap<>();
    String where = CapabilityQueries.readerWhere(selection, params);
    List<Object> one =
        new NamedParameterJdbcTemplate(dataSource)
            .queryForList(
                "SELECT user_id FROM events WHERE " + where + " FETCH FIRST 1 ROWS ONLY",
                params,
                Object.class);
    return !one.isEmpty();
  }

  /** Runs one of the runbook's verification queries, unchanged, and prints its one row. */
  static void printQuery(JdbcTemplate jdbc, String title, String resource, PrintStream out)
      throws IOException {
    String sql = new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8);
    Map<String, Object> row = jdbc.queryForMap(sql);
    out.println(title + ":");
    row.forEach((column, value) -> out.printf("  %-40s %s%n", column, value));
  }
}
