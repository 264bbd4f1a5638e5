package com.athletebatch.step;

import org.springframework.batch.core.step.Step;

/**
 * The step that runs one partition of a partitioned step, as a bean: the local partition threads
 * run it, and so do the remote workers ({@code worker/}), which find it by its name (the name of
 * the step it partitions). Built by {@link StepRecipe#workerStep}.
 */
public record PartitionWorker(Step step) {

  public String name() {
    return step.getName();
  }
}
