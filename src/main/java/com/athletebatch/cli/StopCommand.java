package com.athletebatch.cli;

import com.athletebatch.operations.JobControl;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code stop <execution id>}: ask a running execution, in any JVM, to stop after its current
 * chunk.
 */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description =
        "Stop a running execution, in this or another process: it ends STOPPED after committing "
            + "its current chunk, and can be restarted from there.")
public class StopCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  @Parameters(paramLabel = "EXECUTION_ID", description = "the execution to stop")
  long executionId;

  @Override
  public Integer call() {
    try (ConfigurableApplicationContext context = ApplicationContexts.start(database)) {
      try {
        context.getBean(JobControl.class).stop(executionId);
      } catch (JobControl.RefusedException e) {
        return ControlCommands.refused(e, System.err);
      }
      System.out.println(
          "Stop requested: execution "
              + executionId
              + " is STOPPING. The JVM running it stops"
              + " after committing its current chunk and ends it STOPPED (jobs/athlete-batch status shows it);"
              + " jobs/athlete-batch restart "
              + executionId
              + " resumes it.");
      return 0;
    }
  }
}
