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
      BenchmarkCommand.class
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

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new AthleteBatchCommand());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          String lost =
              com.athletebatch.operations.DatabaseFailures.connectionLost(e)
                  .map(
                      detail ->
                          com.athletebatch.operations.DatabaseFailures.wentAwayMessage(detail)
                              + ": ")
                  .orElse("");
          commandLine.getErr().println("error: " + lost + DatabaseUrl.mask(rootMessage(e)));
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
