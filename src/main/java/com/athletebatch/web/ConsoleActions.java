package com.athletebatch.web;

import com.athletebatch.operations.Heartbeat;
import com.athletebatch.operations.JobCatalog;
import com.athletebatch.operations.JobControl;
import com.athletebatch.operations.JobControl.Refusal;
import com.athletebatch.operations.JobControl.RefusedException;
import com.athletebatch.operations.JobRunner;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The dashboard's controls: the CLI's stop, restart, abandon and recover, through the same {@link
 * JobControl} (same rules, same messages) and {@link JobRunner}. A restart runs in this server
 * process, on a thread of its own; the caller gets the new execution's id as soon as the job
 * repository has it.
 */
public class ConsoleActions implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ConsoleActions.class);

  private static final Duration RESTART_RECORDED_WITHIN = Duration.ofSeconds(60);

  private final JobControl control;
  private final JobRunner runner;
  private final JobRepository jobRepository;
  private final Heartbeat heartbeat;
  private final BeanFactory beans;
  private final ExecutorService restarts =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "dashboard-restart");
            thread.setDaemon(true);
            return thread;
          });

  public ConsoleActions(
      JobControl control,
      JobRunner runner,
      JobRepository jobRepository,
      Heartbeat heartbeat,
      BeanFactory beans) {
    this.control = control;
    this.runner = runner;
    this.jobRepository = jobRepository;
    this.heartbeat = heartbeat;
    this.beans = beans;
  }

  /** What an accepted control says. */
  public record Outcome(long executionId, String status, String message) {}

  public Outcome stop(long id, String user) {
    JobExecution e = control.stop(id);
    log.info("{} asked execution {} to stop", user, id);
    return new Outcome(
        id,
        "STOPPING",
        "Execution "
            + e.getId()
            + " is stopping: it ends STOPPED after committing its current chunk (restartable).");
  }

  public Outcome abandon(long id, String user) {
    JobExecution e = control.abandon(id);
    log.info("{} abandoned execution {}", user, id);
    return new Outcome(
        id,
        e.getStatus().name(),
        "Execution "
            + id
            + " is ABANDONED: it is never restarted; the next run starts a new"
            + " instance.");
  }

  public Outcome recover(long id, String user) {
    JobControl.Recovered recovered = control.recover(id, heartbeat.staleAfter(), false);
    log.info("{} recovered execution {}", user, id);
    return new Outcome(
        id,
        recovered.execution().getStatus().name(),
        "Execution "
            + id
            + " is now FAILED ("
            + recovered.liveness().describe()
            + "); restart it to continue after its last committed chunk.");
  }

  /**
   * Checks the execution as {@code restart} does, starts the restart on a thread of this process
   * and returns the new execution once it is recorded. A conflicting run of the job going on
   * refuses it (the CLI's exit 3).
   */
  public Outcome restart(long id, String user) throws InterruptedException {
    JobExecution execution = control.checkRestartable(control.find(id));
    String jobName = execution.getJobInstance().getJobName();
    if (!beans.containsBean(jobName)) {
      throw new RefusedException(
          Refusal.NOT_ALLOWED,
          "execution "
              + id
              + " belongs to job '"
              + jobName
              + "', which this application does not define");
    }
    beans.getBean(jobName, Job.class);
    log.info("{} restarts {} execution {} ({})", user, jobName, id, execution.getStatus());
    Future<JobRunner.Launch> launch =
        restarts.submit(() -> runner.restart(execution, JobCatalog.exclusiveBy(jobName)));
    long deadline = System.nanoTime() + RESTART_RECORDED_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (launch.isDone()) {
        return finished(launch, jobName, id);
      }
      JobExecution latest = jobRepository.getLastJobExecution(execution.getJobInstance());
      if (latest != null && latest.getId() != id) {
        return new Outcome(
            latest.getId(),
            latest.getStatus().name(),
            "Restarted execution " + id + " as execution " + latest.getId() + ".");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new IllegalStateException(
        "the restart of execution " + id + " was not recorded within " + RESTART_RECORDED_WITHIN);
  }

  private Outcome finished(Future<JobRunner.Launch> launch, String jobName, long id)
      throws InterruptedException {
    JobRunner.Launch result;
    try {
      result = launch.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(
          "the restart of execution " + id + " failed: " + e.getCause().getMessage(), e.getCause());
    }
    if (result instanceof JobRunner.Launch.AlreadyRunning running) {
      throw new RefusedException(
          Refusal.RUNNING,
          jobName
              + " is already running (execution "
              + running.executionId()
              + "): nothing was started");
    }
    JobExecution ran = ((JobRunner.Launch.Ran) result).execution();
    return new Outcome(
        ran.getId(),
        ran.getStatus().name(),
        "Restarted execution " + id + " as execution " + ran.getId() + ".");
  }

  @Override
  public void destroy() {
    restarts.shutdownNow();
  }
}
