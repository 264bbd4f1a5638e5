package com.athletebatch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code run <job>}: one subcommand per job, each with that job's options. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a job.",
    subcommands = {ScoreBackfillRunCommand.class, CapabilityEstimationRunCommand.class})
public class RunCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing job name");
  }
}
