package com.athletebatch.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command line in a separate JVM (the test class path, {@code
 * com.athletebatch.Application}), as an operator's shell would: with its own environment, killable
 * with SIGKILL.
 */
public final class JvmProcess {

  private final Process process;
  private final Path output;

  private JvmProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  public static JvmProcess start(Map<String, String> environment, String... args)
      throws IOException {
    return start(Path.of(System.getProperty("java.io.tmpdir")), environment, args);
  }

  /** In {@code directory} as the current directory (where {@code .env} is read). */
  public static JvmProcess start(Path directory, Map<String, String> environment, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1"); // starts faster; these runs are short
    command.add("-Xshare:auto");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("com.athletebatch.Application");
    command.addAll(List.of(args));
    Path output = Files.createTempFile("athlete-batch-jvm", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .directory(directory.toFile());
    builder.environment().remove("DATABASE_URL");
    builder.environment().putAll(environment);
    return new JvmProcess(builder.start(), output);
  }

  /** Waits for the exit code. */
  public int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the command did not finish in " + seconds + " s:\n" + output());
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no finally block runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  public void delete() {
    try {
      Files.deleteIfExists(output);
    } catch (IOException ignored) {
      // a temp file
    }
  }
}
