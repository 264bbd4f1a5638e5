package com.athletebatch.cli;

import com.athletebatch.operations.Heartbeat;
import com.athletebatch.operations.JobControl;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code recover <execution id>}: mark FAILED a run left STARTED by a crashed JVM, so it can be
 * restarted.
 */
@Command(
    name = "recover",
    mixinStandardHelpOptions = true,
    description =
        "Mark FAILED an execution left STARTED by a JVM that crashed or was killed, so that it can be "
            + "restarted. Refused while its heartbeat is fresh, unless the recorded process is on this host "
            + "and gone.")
public class RecoverCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  @Parameters(paramLabel = "EXECUTION_ID", description = "the execution to recover")
  long executionId;

  @Option(
      names = "--stale-after",
      paramLabel = "SECONDS",
      description =
          "a heartbeat older than this means its JVM is gone (default: athlete-batch.heartbeat."
              + "stale-after, 60)")
  Long staleAfterSeconds;

  @Option(
      names = "--force",
      description = "recover even with a fresh or missing heartbeat (a warning is printed)")
  boolean force;

  @Override
  public Integer call() {
    try (ConfigurableApplicationContext context = ApplicationContexts.start(database)) {
      Duration staleAfter =
          staleAfterSeconds == null
              ? context.getBean(Heartbeat.class).staleAfter()
              : Duration.ofSeconds(staleAfterSeconds);
      JobControl.Recovered recovered;
      try {
        recovered = context.getBean(JobControl.class).recover(executionId, staleAfter, force);
      } catch (JobControl.RefusedException e) {
        return ControlCommands.refused(e, System.err);
      }
      if (recovered.warning() != null) {
        System.err.println(recovered.warning());
      }
      System.out.println(
          "Execution "
              + executionId
              + " ("
              + recovered.execution().getJobInstance().getJobName()
              + ") is now FAILED: "
              + recovered.liveness().describe()
              + ".");
      System.out.println(
          "Resume it from its last committed chunk with: jobs/athlete-batch restart "
              + executionId);
      return 0;
    }
  }
}
