package com.athletebatch.web;

import com.athletebatch.cli.ApplicationContexts;
import com.athletebatch.cli.DatabaseOptions;
import com.athletebatch.operations.Heartbeat;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** Starts the dashboard as {@code serve} does, and records executions in given states. */
final class WebTestSupport {

  private WebTestSupport() {}

  /** The serve command's context on a free port, with these configuration properties. */
  static ConfigurableApplicationContext serve(String url, Map<String, Object> properties) {
    return serve(url, properties, List.of("--server.port=0"));
  }

  static ConfigurableApplicationContext serve(
      String url, Map<String, Object> properties, List<String> serverArgs) {
    return ApplicationContexts.startWeb(DatabaseOptions.of(url), properties, serverArgs);
  }

  static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  /**
   * An execution of scoreBackfill of its own instance, recorded in the given state, as a run that
   * is going (or ended) elsewhere would leave it.
   */
  static long recorded(ConfigurableApplicationContext context, BatchStatus status) {
    JobRepository repository = context.getBean(JobRepository.class);
    JobParameters parameters =
        new JobParametersBuilder()
            .addString("test.instance", UUID.randomUUID().toString())
            .toJobParameters();
    JobInstance instance = repository.createJobInstance("scoreBackfill", parameters);
    JobExecution execution =
        repository.createJobExecution(instance, parameters, new ExecutionContext());
    execution.setStartTime(LocalDateTime.now());
    execution.setStatus(status);
    if (!status.isRunning()) {
      execution.setEndTime(LocalDateTime.now());
      execution.setExitStatus(new ExitStatus(status.name(), "recorded by the test"));
    }
    repository.update(execution);
    return execution.getId();
  }

  /** A heartbeat row for an execution, as a JVM on {@code host} with {@code pid} beats. */
  static void heartbeat(JdbcTemplate jdbc, long executionId, String host, long pid) {
    jdbc.update(
        "INSERT INTO batch.ATHLETE_HEARTBEAT (JOB_EXECUTION_ID, HOST, PID) VALUES (?, ?, ?)",
        executionId,
        host,
        pid);
  }

  /** A pid that no process on this host has. */
  static long deadPid() {
    long pid = 4_000_000;
    while (ProcessHandle.of(pid).isPresent()) {
      pid++;
    }
    return pid;
  }

  static String localHost() {
    return Heartbeat.localHost();
  }
}
