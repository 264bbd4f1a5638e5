package com.athletebatch.operations;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Tells {@link JobRunner} that the run it started is recorded in the job repository and has begun
 * (its heartbeat included: this listener is registered on every job after the heartbeat), so that
 * the launch lock can go while the run goes on. Spring Batch calls {@link #beforeJob} in the thread
 * that launched the job, which is the thread the runner registered.
 */
final class RunStartSignal implements JobExecutionListener {

  private final Map<Thread, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();

  /** Called in the thread that will launch the job: completes with its execution id. */
  CompletableFuture<Long> expectInThisThread() {
    CompletableFuture<Long> started = new CompletableFuture<>();
    waiting.put(Thread.currentThread(), started);
    return started;
  }

  /** The launching thread is done, whether or not its job began. */
  void forgetThisThread() {
    waiting.remove(Thread.currentThread());
  }

  @Override
  public void beforeJob(JobExecution jobExecution) {
    CompletableFuture<Long> started = waiting.remove(Thread.currentThread());
    if (started != null) {
      started.complete(jobExecution.getId());
    }
  }
}
