package com.athletebatch.cli;

import com.athletebatch.capability.CapabilityEstimationJobConfiguration;
import com.athletebatch.capability.CapabilitySelection;
import com.athletebatch.operations.JobControl;
import com.athletebatch.scoring.ScoreBackfillJobConfiguration;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** What the control commands (executions, restart, stop, abandon, recover, status) share. */
final class ControlCommands {

  /** The jobs, in the order status shows them. */
  static final List<String> JOBS =
      List.of(
          ScoreBackfillJobConfiguration.JOB_NAME, CapabilityEstimationJobConfiguration.JOB_NAME);

  /**
   * The parameter that makes two runs of a job conflict; a job not listed conflicts with any run of
   * itself.
   */
  private static final Map<String, String> EXCLUSIVE_BY =
      Map.of(CapabilityEstimationJobConfiguration.JOB_NAME, CapabilitySelection.SOURCE);

  private ControlCommands() {}

  static String exclusiveBy(String jobName) {
    return EXCLUSIVE_BY.get(jobName);
  }

  /** Prints why a control was refused and returns its documented exit code. */
  static int refused(JobControl.RefusedException e, PrintStream err) {
    err.println("error: " + e.getMessage());
    return switch (e.refusal()) {
      case NOT_FOUND -> AthleteBatchCommand.EXIT_NO_SUCH_EXECUTION;
      case RUNNING, NOT_ALLOWED -> AthleteBatchCommand.EXIT_NOT_ALLOWED;
    };
  }
}
