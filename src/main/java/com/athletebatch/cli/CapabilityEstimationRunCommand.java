package com.athletebatch.cli;

import com.athletebatch.capability.BackgroundJobsRecorder;
import com.athletebatch.capability.CapabilityEstimationJobConfiguration;
import com.athletebatch.capability.CapabilitySelection;
import com.athletebatch.operations.JobRunner;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.Job;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code run capabilityEstimation}: estimate and upsert the four capability projections. */
@Command(
    name = CapabilityEstimationJobConfiguration.JOB_NAME,
    mixinStandardHelpOptions = true,
    description =
        "Estimate strength_1rm, sprint_max_speed, jump_height and endurance_threshold "
            + "for every user with capability events and upsert them into projections.")
public class CapabilityEstimationRunCommand implements Callable<Integer> {

  @Mixin DatabaseOptions database;

  @Mixin CapabilityOptions options;

  @Mixin PartitionOptions partitions;

  @Override
  public Integer call() throws Exception {
    CapabilitySelection selection = options.selection();
    var parameters = partitions.addTo(selection.toParameters());
    try (ConfigurableApplicationContext context =
        ApplicationContexts.start(database, partitions.contextArgs(1))) {
      JobCommands.seedEmbeddedDefaultIfEmpty(context, database, System.out);
      var kuraRow =
          context.getBean(BackgroundJobsRecorder.class).kuraRowInFlight(selection.source());
      if (kuraRow.isPresent()) {
        System.out.println(
            CapabilityEstimationJobConfiguration.JOB_NAME
                + " is already running: nothing was started.");
        System.out.println(JobCommands.kuraRowInFlight(kuraRow.get(), selection.source()));
        return AthleteBatchCommand.EXIT_ALREADY_RUNNING;
      }
      Job job = context.getBean(CapabilityEstimationJobConfiguration.JOB_NAME, Job.class);
      JobRunner.Launch launch =
          context.getBean(JobRunner.class).launch(job, parameters, CapabilitySelection.SOURCE);
      return JobCommands.report(
          launch, job, "jobs/athlete-batch run capabilityEstimation …", System.out);
    }
  }
}
