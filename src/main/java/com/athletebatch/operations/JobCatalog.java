package com.athletebatch.operations;

import com.athletebatch.capability.CapabilityEstimationJobConfiguration;
import com.athletebatch.capability.CapabilitySelection;
import com.athletebatch.scoring.ScoreBackfillJobConfiguration;
import java.util.List;
import java.util.Map;

/** The jobs the operator's tools (the control commands, the dashboard) show and act on. */
public final class JobCatalog {

  /** The jobs, in the order status and the dashboard show them. */
  public static final List<String> JOBS =
      List.of(
          ScoreBackfillJobConfiguration.JOB_NAME, CapabilityEstimationJobConfiguration.JOB_NAME);

  /**
   * The parameter that makes two runs of a job conflict; a job not listed conflicts with any run of
   * itself.
   */
  private static final Map<String, String> EXCLUSIVE_BY =
      Map.of(CapabilityEstimationJobConfiguration.JOB_NAME, CapabilitySelection.SOURCE);

  private JobCatalog() {}

  public static String exclusiveBy(String jobName) {
    return EXCLUSIVE_BY.get(jobName);
  }
}
