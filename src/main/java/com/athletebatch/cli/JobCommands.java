package com.athletebatch.cli;

import com.athletebatch.database.DatabaseUrl;
import com.athletebatch.demo.DemoDataGenerator;
import com.athletebatch.demo.DemoOptions;
import com.athletebatch.demo.DomainSchema;
import com.athletebatch.operations.JobRunner;
import com.athletebatch.operations.RunSummary;
import java.io.PrintStream;
import javax.sql.DataSource;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the job commands share: the embedded default's demo data, launching, and the summary. */
final class JobCommands {

  private JobCommands() {}

  /**
   * On the embedded H2 default only, an empty database gets the demo schema and data, so that a new
   * user's first run has something to work on. A database the user named is never changed.
   */
  static void seedEmbeddedDefaultIfEmpty(
      ConfigurableApplicationContext context, DatabaseOptions options, PrintStream out) {
    if (!options.isEmbeddedDefault()) {
      return;
    }
    DataSource dataSource = context.getBean(DataSource.class);
    Integer tables =
        new JdbcTemplate(dataSource)
            .queryForObject(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'Workout'",
                Integer.class);
    if (tables != null && tables > 0) {
      return;
    }
    out.println(
        "The embedded H2 database ("
            + DatabaseUrl.DEFAULT_H2_URL.split(";")[0]
            + ") is empty: loading demo data first.");
    DomainSchema.createIfMissing(dataSource);
    out.println("  " + new DemoDataGenerator().generate(dataSource, DemoOptions.defaults()));
  }

  static int launch(
      ConfigurableApplicationContext context,
      Job job,
      JobParametersBuilder parameters,
      String rerunHint,
      PrintStream out)
      throws Exception {
    return report(context.getBean(JobRunner.class).launch(job, parameters), job, rerunHint, out);
  }

  /**
   * When the running execution's heartbeat is stale or its process gone, says how to recover it.
   */
  static void printIfGone(JobRunner.Launch.AlreadyRunning running, PrintStream out) {
    if (running.liveness() != null && running.liveness().gone()) {
      out.println("  Its JVM seems gone: " + running.liveness().describe() + ".");
      out.println(
          "  Run jobs/athlete-batch recover "
              + running.executionId()
              + " to mark it FAILED, then run this command again to resume it.");
    }
  }

  static int report(JobRunner.Launch launch, Job job, String rerunHint, PrintStream out) {
    if (launch instanceof JobRunner.Launch.AlreadyRunning running) {
      out.printf(
          "%s is already running (execution %d): nothing was started.%n",
          job.getName(), running.executionId());
      printIfGone(running, out);
      return AthleteBatchCommand.EXIT_ALREADY_RUNNING;
    }
    JobExecution execution = ((JobRunner.Launch.Ran) launch).execution();
    RunSummary.print(execution, out);
    if (execution.getStatus() == BatchStatus.COMPLETED) {
      return 0;
    }
    out.println();
    if (RunSummary.missingTable(execution) != null) {
      // Running the same command again cannot help until the table is there.
      out.println(
          "Nothing was written. Running the command again will not help until the database has"
              + " the table (see the reason above).");
      return AthleteBatchCommand.EXIT_FAILED;
    }
    out.println(
        "The run did not complete. Committed chunks are kept; to continue where it stopped, run");
    out.println("the same command again (it resumes execution " + execution.getId() + "):");
    out.println("  " + rerunHint);
    return AthleteBatchCommand.EXIT_FAILED;
  }

  /** Why a capability run did not start: kura's own backfill of the source is queued or running. */
  static String kuraRowInFlight(
      com.athletebatch.capability.BackgroundJobsRecorder.KuraRow row, String source) {
    return "  (kura's own backfill of source '"
        + source
        + "' is "
        + row.status()
        + ": background_jobs row "
        + row.id()
        + ")";
  }
}
