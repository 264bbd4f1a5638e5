package com.athletebatch.cli;

import com.athletebatch.operations.JobControl;
import com.athletebatch.operations.JobRunner;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code restart <execution id> | --job NAME}: resume a FAILED or STOPPED execution in the
 * foreground.
 */
@Command(
    name = "restart",
    mixinStandardHelpOptions = true,
    description =
        "Restart a FAILED or STOPPED execution: it continues after its last committed chunk. "
            + "Runs in the foreground and reports like run.")
public class RestartCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  @ArgGroup(multiplicity = "1")
  Target target;

  static class Target {
    @Parameters(paramLabel = "EXECUTION_ID", description = "the execution to restart")
    Long executionId;

    @Option(
        names = "--job",
        paramLabel = "NAME",
        description = "the latest FAILED or STOPPED execution of this job")
    String job;
  }

  @Override
  public Integer call() throws Exception {
    try (ConfigurableApplicationContext context = ApplicationContexts.start(database)) {
      JobControl control = context.getBean(JobControl.class);
      JobExecution execution;
      try {
        execution =
            target.executionId != null
                ? control.checkRestartable(control.find(target.executionId))
                : control.latestRestartable(target.job);
      } catch (JobControl.RefusedException e) {
        return ControlCommands.refused(e, System.err);
      }
      String jobName = execution.getJobInstance().getJobName();
      if (!context.containsBean(jobName)) {
        System.err.println(
            "error: execution "
                + execution.getId()
                + " belongs to job '"
                + jobName
                + "', which this application does not define");
        return AthleteBatchCommand.EXIT_NOT_ALLOWED;
      }
      Job job = context.getBean(jobName, Job.class);
      System.out.printf(
          "Restarting %s execution %d (%s)%n", jobName, execution.getId(), execution.getStatus());
      JobRunner.Launch launch =
          context.getBean(JobRunner.class).restart(execution, ControlCommands.exclusiveBy(jobName));
      return JobCommands.report(
          launch, job, "jobs/athlete-batch restart --job " + jobName, System.out);
    }
  }
}
