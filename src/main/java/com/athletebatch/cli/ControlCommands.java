package com.athletebatch.cli;

import com.athletebatch.operations.JobCatalog;
import com.athletebatch.operations.JobControl;
import java.io.PrintStream;
import java.util.List;

/** What the control commands (executions, restart, stop, abandon, recover, status) share. */
final class ControlCommands {

  /** The jobs, in the order status shows them. */
  static final List<String> JOBS = JobCatalog.JOBS;

  private ControlCommands() {}

  static String exclusiveBy(String jobName) {
    return JobCatalog.exclusiveBy(jobName);
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
