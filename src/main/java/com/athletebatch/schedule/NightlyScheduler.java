package com.athletebatch.schedule;

import com.athletebatch.operations.LiveJobExecutions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;

/**
 * The nightly service: at every tick of a cron expression (Spring's {@link CronTrigger}) it runs
 * one {@link NightlyRun} on its own thread. Ticks fire on time on the ticker thread; a tick that
 * comes while the previous night is still running is logged and skipped, never queued or
 * overlapped.
 *
 * <p>When the application context closes (SIGTERM, Ctrl-C) no tick fires any more, the running job
 * is stopped at its next chunk boundary through {@link LiveJobExecutions}, and the close waits
 * until it has ended STOPPED (restartable) before the data source goes away.
 */
public class NightlyScheduler implements SmartLifecycle {

  public static final String DEFAULT_CRON = "0 0 2 * * *";

  private static final Logger log = LoggerFactory.getLogger(NightlyScheduler.class);

  private final NightlyRun nightlyRun;
  private final LiveJobExecutions liveJobExecutions;
  private final MeterRegistry meterRegistry;
  private final CountDownLatch terminated = new CountDownLatch(1);

  private ThreadPoolTaskScheduler ticker;
  private ScheduledFuture<?> ticks;
  private ExecutorService runner;
  private Future<NightlyRun.Result> current;
  private CronExpression cron;
  private ZoneId zone;
  private Clock clock;
  private volatile boolean running;

  public NightlyScheduler(
      NightlyRun nightlyRun, LiveJobExecutions liveJobExecutions, MeterRegistry meterRegistry) {
    this.nightlyRun = nightlyRun;
    this.liveJobExecutions = liveJobExecutions;
    this.meterRegistry = meterRegistry;
  }

  /**
   * Starts ticking. {@code clock} gives each night's date (in {@code zone}) when it starts; tests
   * pass one that moves a day per night.
   */
  public synchronized void start(CronExpression cron, ZoneId zone, Clock clock) {
    if (running) {
      throw new IllegalStateException("already started");
    }
    this.cron = cron;
    this.zone = zone;
    this.clock = clock.withZone(zone);
    startRunner();
    ticker = new ThreadPoolTaskScheduler();
    ticker.setPoolSize(1);
    ticker.setThreadNamePrefix("nightly-tick-");
    ticker.initialize();
    ticks = ticker.schedule(this::tick, new CronTrigger(cron.toString(), zone));
    log.info(
        "Nightly schedule started: cron '{}' in time zone {}; next run at {}",
        cron,
        zone,
        nextRun());
  }

  /**
   * Runs one night now, on the runner thread (so that a shutdown stops it as it stops a tick's).
   */
  public NightlyRun.Result runOnce(LocalDate date) throws InterruptedException, ExecutionException {
    Future<NightlyRun.Result> night;
    synchronized (this) {
      if (!running) {
        startRunner();
      }
      night = current = runner.submit(() -> nightlyRun.run(date));
    }
    return night.get();
  }

  private void startRunner() {
    runner = Executors.newSingleThreadExecutor(new CustomizableThreadFactory("nightly-run-"));
    running = true;
  }

  /** The next tick after now, in the schedule's zone. */
  public ZonedDateTime nextRun() {
    return cron.next(ZonedDateTime.now(zone));
  }

  void tick() {
    synchronized (this) {
      if (!running) {
        return;
      }
      if (current != null && !current.isDone()) {
        log.warn(
            "Tick skipped: the previous night is still running (runs never overlap); next run at {}",
            nextRun());
        meterRegistry.counter(NightlyRun.RUNS_METER, "outcome", "skipped").increment();
        return;
      }
      LocalDate date = LocalDate.now(clock);
      log.info("Tick: night {} starts", date);
      current = runner.submit(() -> night(date));
    }
  }

  private NightlyRun.Result night(LocalDate date) {
    try {
      return nightlyRun.run(date);
    } catch (RuntimeException e) {
      log.error("Night {} could not run: {}", date, e.getMessage());
      throw e;
    } finally {
      if (running && cron != null) {
        log.info("Next run at {}", nextRun());
      }
    }
  }

  /** Blocks until the service has stopped (the context closed). */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  @Override
  public void start() {
    // Started explicitly by the schedule command, once it has resolved the cron expression.
  }

  @Override
  public boolean isAutoStartup() {
    return false;
  }

  @Override
  public void stop() {
    Future<NightlyRun.Result> night;
    synchronized (this) {
      if (!running) {
        return;
      }
      running = false;
      if (ticks != null) {
        ticks.cancel(false);
      }
      nightlyRun.stopStarting();
      night = current;
    }
    try {
      if (night != null && !night.isDone()) {
        log.info("Shutting down: stopping the running night at its next chunk boundary");
        awaitStopped(night, liveJobExecutions.timeout());
      }
    } finally {
      if (ticker != null) {
        ticker.shutdown();
      }
      runner.shutdown();
      log.info("Nightly schedule stopped");
      terminated.countDown();
    }
  }

  /**
   * Asks the running job to stop until the night has ended: a job that starts meanwhile is caught
   * too.
   */
  private void awaitStopped(Future<NightlyRun.Result> night, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!night.isDone() && System.nanoTime() < deadline) {
      liveJobExecutions.requestStop();
      try {
        night.get(200, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // keep waiting / it ended with an error, already logged
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (!night.isDone()) {
      log.warn(
          "The night did not stop within {} s; executions {} may stay STARTED (`jobs/athlete-batch recover`)",
          timeout.toSeconds(),
          liveJobExecutions.ids());
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * Stops before {@link LiveJobExecutions}, so that no new night starts while it stops the jobs.
   */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
