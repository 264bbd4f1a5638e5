package com.athletebatch.cli;

import com.athletebatch.operations.JobControl;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code abandon <execution id>}: give up a FAILED or STOPPED execution for good. */
@Command(
    name = "abandon",
    mixinStandardHelpOptions = true,
    description =
        "Abandon a FAILED or STOPPED execution: it is never restarted, and the next run of the "
            + "same selection starts a new job instance.")
public class AbandonCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  @Parameters(paramLabel = "EXECUTION_ID", description = "the execution to abandon")
  long executionId;

  @Override
  public Integer call() {
    try (ConfigurableApplicationContext context = ApplicationContexts.start(database)) {
      try {
        context.getBean(JobControl.class).abandon(executionId);
      } catch (JobControl.RefusedException e) {
        return ControlCommands.refused(e, System.err);
      }
      System.out.println("Execution " + executionId + " is ABANDONED.");
      return 0;
    }
  }
}
