package com.athletebatch.cli;

import com.athletebatch.benchmark.BenchmarkCommand;
import com.athletebatch.database.DatabaseUrl;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code athlete-batch <command> [options]}: the operator's entry point. */
@Command(
    name = "athlete-batch",
    mixinStandardHelpOptions = true,
    version = "athlete-batch 0.1.0",
    description = "Spring Batch jobs for athlete-training platforms.",
    subcommands = {
      RunCommand.class,
      BackfillScoresCommand.class,
      CapabilityBackfillCommand.class,
      DemoCommand.class,
      StatusCommand.class,
      ExecutionsCommand.class,
      RestartCommand.class,
      StopCommand.class,
      AbandonCommand.class,
      RecoverCommand.class,
      ScheduleCommand.class,
      ServeCommand.class,
      DoctorCommand.class,
      WorkerCommand.class,
      BenchmarkCommand.class,
      LlmStubCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the command or job completed",
      "1:the job failed or stopped, or an error occurred (the message says what to do next)",
      "2:unknown command or option (usage is printed)",
      "3:a run of the job is already going; nothing was started",
      "4:no such execution (unknown id, or no FAILED or STOPPED execution of the job to restart)",
      "5:the execution's state does not allow it (e.g. restart of a COMPLETED run, stop of a finished one, "
          + "recover of a live one)"
    })
public class AthleteBatchCommand implements Runnable {

  public static final int EXIT_FAILED = 1;
  public static final int EXIT_ALREADY_RUNNING = 3;
  public static final int EXIT_NO_SUCH_EXECUTION = 4;
  public static final int EXIT_NOT_ALLOWED = 5;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "also print the framework's log lines and stack traces (on stderr; by default only"
              + " progress, summaries, warnings and errors)")
  void verbose(boolean on) {
    Verbosity.set(on);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  /** The commands that run a job, for which a lost database means "run it again to resume". */
  private static final java.util.Set<String> JOB_COMMANDS =
      java.util.Set.of(
          "scoreBackfill",
          "capabilityEstimation",
          "backfill-scores",
          "capability-backfill",
          "restart",
          "schedule");

  public static int execute(String... args) {
    Verbosity.set(false);
    CommandLine cli = new CommandLine(new AthleteBatchCommand());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          // Resuming is advice for the commands that run a job; the others just need the
          // database back.
          boolean runsAJob = JOB_COMMANDS.contains(commandLine.getCommandName());
          String lost =
              (e instanceof com.athletebatch.step.RemotePartitioning.BrokerUnreachableException
                      ? java.util.Optional.<String>empty()
                      : com.athletebatch.operations.DatabaseFailures.connectionLost(e))
                  .map(
                      detail ->
                          (runsAJob
                                  ? com.athletebatch.operations.DatabaseFailures.wentAwayMessage(
                                      detail,
                                      com.athletebatch.operations.RunEndNotRecordedException.in(e))
                                  : "the database cannot be reached ("
                                      + detail
                                      + "); check --database-url and that the server is up")
                              + ": ")
                  .orElse("");
          // One line in our words; the trace only with --verbose.
          String message = rootMessage(e);
          commandLine
              .getErr()
              .println(
                  "error: "
                      + lost
                      + DatabaseUrl.mask(message.strip().lines().findFirst().orElse(message)));
          if (Verbosity.on()) {
            e.printStackTrace(commandLine.getErr());
          }
          return EXIT_FAILED;
        });
    return cli.execute(args);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    String message = e.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
