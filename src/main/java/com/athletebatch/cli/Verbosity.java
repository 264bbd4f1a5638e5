package com.athletebatch.cli;

import java.util.List;

/**
 * {@code --verbose}: the framework's log lines (Spring Batch's steps and parameters, start-up
 * failures) and stack traces come back, on stderr as every log line.
 */
final class Verbosity {

  private static final String LINE = "%d{HH:mm:ss.SSS} %-5level %-22.22logger{0} %msg%n";

  private static volatile boolean verbose;

  /**
   * The console's log pattern: without stack traces ({@code %nopex}; the whole failure is in the
   * job repository) unless verbose. Set as the system property Spring Boot's logging reads, before
   * each context starts: Boot itself sets that property only once per JVM.
   */
  static void applyConsolePattern() {
    System.setProperty("CONSOLE_LOG_PATTERN", verbose ? LINE + "%wEx" : LINE + "%nopex");
  }

  private Verbosity() {}

  static void set(boolean on) {
    verbose = on;
  }

  static boolean on() {
    return verbose;
  }

  /** Command-line properties for the application context: they win over application.properties. */
  static List<String> properties() {
    if (!verbose) {
      return List.of();
    }
    return List.of(
        "--logging.level.org.springframework.batch=INFO",
        "--logging.level.org.springframework.boot.SpringApplication=ERROR",
        "--logging.level.org.springframework.boot.diagnostics=ERROR",
        "--logging.level.org.springframework.context=WARN");
  }
}
