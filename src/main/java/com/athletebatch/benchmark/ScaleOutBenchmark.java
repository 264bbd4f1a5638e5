package com.athletebatch.benchmark;

import com.athletebatch.capability.CapabilityEstimationJobConfiguration;
import com.athletebatch.capability.CapabilitySelection;
import com.athletebatch.database.DatabaseUrl;
import com.athletebatch.operations.ApplicationContextStarter;
import com.athletebatch.operations.JobRunner;
import com.athletebatch.step.KeyRange;
import com.athletebatch.step.KeyRangePartitioner;
import com.athletebatch.step.RemotePartitioning;
import com.athletebatch.step.RunClock;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * P6 (issue 13): the capability estimation over the same data in one JVM, with {@code --partitions
 * 2} on two threads of one JVM, and with two worker JVMs (the {@code worker} command of this very
 * jar, one thread each) fed over an AMQP broker by a manager in this JVM; side by side, with the
 * ratios, each worker's throughput and the database's share of the CPU. Each variant runs once
 * untimed first (warm JVMs), then timed on the same data with the projections emptied.
 *
 * <p>How the shares are measured, on this host only: the CPU time of the server's processes (its
 * postmaster, found as the parent of the job's backend, and the postmaster's children: utime +
 * stime, and cutime + cstime for the backends that ended, from {@code /proc/PID/stat}), the CPU
 * time of the job's JVMs (this JVM's process CPU; each worker JVM's from its process info), and the
 * machine's busy cores ({@code /proc/stat}), each as the difference over the run. Other sessions on
 * the same server count too: run it on a quiet machine.
 */
final class ScaleOutBenchmark {

  /** Each thread's or worker's part: capability events of its partitions and their time. */
  record Share(String who, long events, double seconds) {
    double eventsPerSecond() {
      return seconds <= 0 ? 0 : events / seconds;
    }
  }

  /** One of the three runs; {@code notRun} says why it was not measured. */
  record Run(
      String label,
      BatchStatus status,
      double seconds,
      double jvmCpu,
      double pgCpu,
      double busyCores,
      List<Share> shares,
      String notRun) {

    static Run notRun(String label, String why) {
      return new Run(label, null, 0, 0, 0, 0, List.of(), why);
    }

    boolean measured() {
      return notRun == null;
    }

    /** The database's share of the CPU the run used: postgres / (postgres + the job's JVMs). */
    double databaseShare() {
      return pgCpu < 0 || pgCpu + jvmCpu <= 0 ? -1 : pgCpu / (pgCpu + jvmCpu);
    }
  }

  private final Path directory;
  private final String broker;
  private final PrintStream out;

  ScaleOutBenchmark(String broker, PrintStream out) {
    this.broker = broker;
    this.out = out;
    this.directory = Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** The job in this JVM, unpartitioned ({@code partitions} 0) or on that many threads. */
  Run inThisJvm(String label, String url, int partitions) throws Exception {
    say("P6: run capabilityEstimation %s …", label);
    Map<String, Object> properties = new HashMap<>();
    if (partitions > 0) {
      properties.put("spring.datasource.hikari.maximum-pool-size", partitions + 6);
    }
    try (ConfigurableApplicationContext context =
        ApplicationContextStarter.start(DatabaseUrl.parse(url), "batch", properties)) {
      warmUp(context, partitions);
      Measure m = Measure.start(List.of(), postmaster(context));
      JobExecution execution = launch(context, partitions);
      return m.end(label, execution, shares(context, execution));
    }
  }

  /**
   * Two worker JVMs of this jar and a manager in this JVM, over the broker; the queue and the job
   * repository in a schema of their own ({@code schema}), both removed afterwards.
   */
  Run remote(String label, String url, String schema, int workers) throws Exception {
    try {
      RemotePartitioning.checkReachable(broker);
    } catch (IllegalStateException e) {
      say("P6: %s not run: %s", label, e.getMessage());
      return Run.notRun(label, "not run: " + e.getMessage());
    }
    say("P6: starting %d worker JVMs on %s …", workers, RemotePartitioning.maskPassword(broker));
    List<Process> processes = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    try {
      for (int i = 0; i < workers; i++) {
        Path log = Files.createTempFile(directory, "athlete-batch-p6-worker", ".log");
        logs.add(log);
        List<String> command = new ArrayList<>(ForkedRun.javaCommand());
        command.addAll(
            List.of("worker", "--broker", broker, "--batch-schema", schema, "--threads", "1"));
        ProcessBuilder builder =
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DATABASE_URL", url);
        processes.add(builder.start());
      }
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      for (int i = 0; i < workers; i++) {
        while (!Files.readString(logs.get(i), StandardCharsets.UTF_8).contains("worker ready")) {
          if (!processes.get(i).isAlive() || System.nanoTime() > deadline) {
            String tail = Files.readString(logs.get(i), StandardCharsets.UTF_8);
            return Run.notRun(
                label,
                "not run: worker "
                    + i
                    + " did not start ("
                    + tail.substring(Math.max(0, tail.length() - 300)).strip()
                    + ")");
          }
          Thread.sleep(200);
        }
      }
      say("P6: run capabilityEstimation %s …", label);
      Map<String, Object> properties = new HashMap<>();
      properties.put(RemotePartitioning.BROKER_PROPERTY, broker);
      properties.put(RemotePartitioning.WORKER_WAIT_PROPERTY, "120s");
      try (ConfigurableApplicationContext context =
          ApplicationContextStarter.start(DatabaseUrl.parse(url), schema, properties)) {
        warmUp(context, workers);
        Measure m = Measure.start(processes, postmaster(context));
        JobExecution execution = launch(context, workers);
        return m.end(label, execution, shares(context, execution));
      }
    } finally {
      for (Process p : processes) {
        p.destroy();
      }
      for (Process p : processes) {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      for (Path log : logs) {
        Files.deleteIfExists(log);
      }
      deleteQueue("athlete-batch." + schema + ".partitions");
    }
  }

  private void deleteQueue(String queue) {
    CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(broker));
    try {
      new RabbitAdmin(factory).deleteQueue(queue);
    } catch (RuntimeException e) {
      say("P6: could not delete the queue %s: %s", queue, e.getMessage());
    } finally {
      factory.destroy();
    }
  }

  /**
   * One untimed run first, so that every variant is measured with warm JVMs (long-running workers
   * are warm in production), then its projections removed: the timed run writes them all again.
   */
  private void warmUp(ConfigurableApplicationContext context, int partitions) throws Exception {
    JobExecution warm = launch(context, partitions);
    say("P6:   warm-up run %s", warm.getStatus());
    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
    jdbc.execute(BenchmarkQueries.TRUNCATE_PROJECTIONS);
    jdbc.execute(BenchmarkQueries.VACUUM_ANALYZE);
  }

  private static JobExecution launch(ConfigurableApplicationContext context, int partitions)
      throws Exception {
    CapabilitySelection selection =
        new CapabilitySelection(
            CapabilitySelection.DEFAULT_SOURCE,
            List.of(),
            false,
            RunClock.nowUtc(),
            CapabilitySelection.DEFAULT_CHUNK_SIZE);
    JobParametersBuilder parameters = selection.toParameters();
    if (partitions > 0) {
      parameters.addLong(KeyRangePartitioner.PARAMETER, (long) partitions, false);
    }
    Job job = context.getBean(CapabilityEstimationJobConfiguration.JOB_NAME, Job.class);
    JobRunner.Launch launch =
        context.getBean(JobRunner.class).launch(job, parameters, CapabilitySelection.SOURCE);
    if (!(launch instanceof JobRunner.Launch.Ran ran)) {
      throw new IllegalStateException("capabilityEstimation did not start: a run is going");
    }
    return ran.execution();
  }

  /**
   * Per thread or worker process: the capability events of the users of its partitions (all events
   * for an unpartitioned run) and the time its partitions took, from the step executions as the job
   * repository holds them (the workers record themselves in their partitions).
   */
  private static List<Share> shares(
      ConfigurableApplicationContext context, JobExecution execution) {
    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
    Map<String, long[]> events = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    boolean partitioned =
        execution.getStepExecutions().stream()
            .anyMatch(s -> KeyRange.of(s.getExecutionContext()).isPresent());
    for (StepExecution step : execution.getStepExecutions()) {
      var range = KeyRange.of(step.getExecutionContext());
      if (range.isEmpty()) {
        if (!partitioned
            && step.getStepName().equals(CapabilityEstimationJobConfiguration.STEP_NAME)) {
          events.put("1 JVM", new long[] {count(jdbc, null, null)});
          seconds.put("1 JVM", elapsed(step));
        }
        continue;
      }
      var ctx = step.getExecutionContext();
      String thread = ctx.getString(KeyRange.WORKER_THREAD, "");
      String who =
          thread.startsWith(CapabilityEstimationJobConfiguration.STEP_NAME + "-")
              ? "thread " + thread
              : "worker pid " + ctx.getLong(KeyRange.WORKER_PID, -1L);
      events.computeIfAbsent(who, k -> new long[1])[0] +=
          range.get().empty() ? 0 : count(jdbc, range.get().from(), range.get().to());
      seconds.merge(who, elapsed(step), Double::sum);
    }
    List<Share> shares = new ArrayList<>();
    events.forEach((who, n) -> shares.add(new Share(who, n[0], seconds.get(who))));
    return shares;
  }

  private static double elapsed(StepExecution step) {
    if (step.getStartTime() == null || step.getEndTime() == null) {
      return 0;
    }
    return Duration.between(step.getStartTime(), step.getEndTime()).toNanos() / 1e9;
  }

  private static long count(JdbcTemplate jdbc, String from, String to) {
    List<Object> args = new ArrayList<>();
    String sql = BenchmarkQueries.countCapabilityEventsOfUsers(from != null, to != null);
    if (from != null) {
      args.add(from);
    }
    if (to != null) {
      args.add(to);
    }
    return jdbc.queryForObject(sql, Long.class, args.toArray());
  }

  // ---- measuring -----------------------------------------------------------------------------

  /** CPU and wall clock at the start of a run. */
  private record Measure(
      long wallNanos,
      long jvmCpuNanos,
      long workerCpuNanos,
      double pgCpu,
      long[] machine,
      List<Process> workers,
      long postmaster) {

    static Measure start(List<Process> workers, long postmaster) {
      return new Measure(
          System.nanoTime(),
          processCpuNanos(),
          workersCpuNanos(workers),
          postgresCpuSeconds(postmaster),
          machineTicks(),
          workers,
          postmaster);
    }

    Run end(String label, JobExecution execution, List<Share> shares) {
      double wall = (System.nanoTime() - wallNanos) / 1e9;
      double jvm =
          (processCpuNanos() - jvmCpuNanos + workersCpuNanos(workers) - workerCpuNanos) / 1e9;
      double pgAfter = postgresCpuSeconds(postmaster);
      long[] after = machineTicks();
      double busy =
          machine == null || after == null ? -1 : (after[0] - machine[0]) / TICKS_PER_SECOND / wall;
      return new Run(
          label,
          execution.getStatus(),
          wall,
          jvm,
          pgCpu < 0 || pgAfter < 0 ? -1 : pgAfter - pgCpu,
          busy,
          shares,
          null);
    }
  }

  /** USER_HZ: 100 on every Linux the JVM runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static long workersCpuNanos(List<Process> workers) {
    long total = 0;
    for (Process p : workers) {
      total += p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }
    return total;
  }

  /**
   * The pid of the server's postmaster: the parent of this connection's backend; -1 when the server
   * is not on this host.
   */
  private static long postmaster(ConfigurableApplicationContext context) {
    try {
      Long backend =
          new JdbcTemplate(context.getBean(DataSource.class))
              .queryForObject("SELECT pg_backend_pid()", Long.class);
      String stat = Files.readString(Path.of("/proc", String.valueOf(backend), "stat"));
      if (!stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).startsWith("postgres")) {
        return -1;
      }
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * CPU seconds of the server's processes: its postmaster and its children (backends, background
   * workers), with the reaped backends' (the postmaster's cutime and cstime); other PostgreSQL
   * servers on this host (e.g. tests' embedded ones) do not count. -1 when the server is not
   * visible here (another host).
   */
  static double postgresCpuSeconds(long postmaster) {
    if (postmaster <= 0) {
      return -1;
    }
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return -1;
    }
    long ticks = 0;
    boolean found = false;
    try (var entries = Files.list(proc)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(p.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          if (open < 0 || close < 0 || !stat.substring(open + 1, close).startsWith("postgres")) {
            continue;
          }
          String[] f = stat.substring(close + 2).split(" ");
          long pid = Long.parseLong(name);
          if (pid != postmaster && Long.parseLong(f[1]) != postmaster) {
            continue;
          }
          // after "(comm) ": state is f[0]; utime, stime, cutime, cstime are fields 14..17
          ticks +=
              Long.parseLong(f[11])
                  + Long.parseLong(f[12])
                  + Long.parseLong(f[13])
                  + Long.parseLong(f[14]);
          found = true;
        } catch (IOException | RuntimeException gone) {
          // the process ended meanwhile
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return found ? ticks / TICKS_PER_SECOND : -1;
  }

  /** The machine's busy CPU ticks (all cores), from /proc/stat; null when unreadable. */
  static long[] machineTicks() {
    try {
      String[] f =
          Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+"); // cpu user …
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return new long[] {busy};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  // ---- the row -------------------------------------------------------------------------------

  static Benchmark.Row row(long events, long users, Run one, Run threads, Run workers) {
    List<String> jobs = new ArrayList<>();
    List<String> db = new ArrayList<>();
    for (Run r : List.of(one, threads, workers)) {
      if (!r.measured()) {
        jobs.add(r.label() + ": " + r.notRun());
        continue;
      }
      StringBuilder s =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%s %s %.2f s, %,.0f events/s",
                  r.label(),
                  r.status(),
                  r.seconds(),
                  events / r.seconds()));
      List<String> per = new ArrayList<>();
      for (Share share : r.shares()) {
        per.add(
            String.format(Locale.ROOT, "%s %,.0f events/s", share.who(), share.eventsPerSecond()));
      }
      if (r.shares().size() > 1) {
        s.append(" (").append(String.join(", ", per)).append(')');
      }
      jobs.add(s.toString());
      db.add(
          String.format(
              Locale.ROOT,
              "%s: %s (postgres CPU %.1f s, JVM CPU %.1f s; machine %s of %d cores busy)",
              r.label(),
              r.databaseShare() < 0
                  ? "n/a (the server is not on this host)"
                  : String.format(Locale.ROOT, "%.0f %%", 100 * r.databaseShare()),
              Math.max(0, r.pgCpu()),
              r.jvmCpu(),
              r.busyCores() < 0 ? "?" : String.format(Locale.ROOT, "%.1f", r.busyCores()),
              Runtime.getRuntime().availableProcessors()));
    }
    List<String> ratios = new ArrayList<>();
    for (Run r : List.of(threads, workers)) {
      if (one.measured() && r.measured() && r.seconds() > 0) {
        ratios.add(
            String.format(Locale.ROOT, "speed-up %s %.2f", r.label(), one.seconds() / r.seconds()));
      }
    }
    return new Benchmark.Row(
        "P6",
        String.format(
            Locale.ROOT,
            "scale-out: capability estimation, %,d capability events of %,d users, in 1 JVM, with"
                + " --partitions 2 on threads, with 2 worker JVMs over the broker",
            events,
            users),
        String.join("; ", jobs),
        "database's share of the CPU: " + String.join("; ", db),
        null,
        String.join("; ", ratios),
        "printed; bound: the machine's cores, shared by the JVMs and PostgreSQL",
        null);
  }

  private void say(String format, Object... args) {
    out.printf(Locale.ROOT, "benchmark: " + format + "%n", args);
  }
}
