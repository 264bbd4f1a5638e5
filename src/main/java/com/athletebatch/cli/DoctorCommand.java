package com.athletebatch.cli;

import com.athletebatch.database.DatabaseUrl;
import com.athletebatch.operations.Doctor;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code doctor}: checks what the jobs need from the database and prints what to do. It starts no
 * application context (which would create the job-repository schema): it changes nothing.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description =
        "Check what the jobs need from the database (tables, columns, grants, recommended indexes,"
            + " statistics, connection and server settings) and print what to run. Changes nothing."
            + " Exit 1 when a table, column or grant is missing or a recommended index is absent.")
public class DoctorCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  @Option(
      names = "--job",
      paramLabel = "NAME",
      description =
          "check this job (scoreBackfill, capabilityEstimation) even if its tables are missing"
              + " (default: the jobs whose tables the database has)")
  String job;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (job != null && !Doctor.jobNames().contains(job)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "unknown job " + job + "; one of " + Doctor.jobNames());
    }
    PrintStream out = System.out;
    database.announce();
    DatabaseUrl url = database.resolve();
    DriverManagerDataSource dataSource =
        new DriverManagerDataSource(url.jdbcUrl(), url.username(), url.password());
    Doctor.Report report = Doctor.examine(dataSource, url.jdbcUrl(), job, database.batchSchema);
    if (report.jobs().isEmpty()) {
      out.println("error: " + report.note());
      return AthleteBatchCommand.EXIT_FAILED;
    }
    out.println("Checked for: " + String.join(", ", report.jobs()));
    if (report.note() != null) {
      out.println("note: " + report.note());
    }
    for (Doctor.Finding f : report.findings()) {
      String label =
          switch (f.level()) {
            case PROBLEM -> "MISSING";
            case ADVICE -> "advice ";
            case OK -> "ok     ";
          };
      out.println(label + " " + (f.job() == null ? "" : f.job() + ": ") + f.what());
      f.fix().forEach(line -> out.println("          " + line));
    }
    long problems = report.problems();
    out.println(
        problems == 0
            ? "Result: nothing missing (advice does not change the exit code)."
            : "Result: "
                + problems
                + " missing; run the statements above (CREATE INDEX CONCURRENTLY outside a"
                + " transaction), then doctor again.");
    return report.exitCode();
  }
}
