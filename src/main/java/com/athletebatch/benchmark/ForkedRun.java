package com.athletebatch.benchmark;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P3: the real command in a separate JVM with a fixed maximum heap, e.g. {@code java -Xmx256m -jar
 * athlete-batch.jar run capabilityEstimation}. The database URL goes in the child's environment
 * ({@code DATABASE_URL}), never on its command line.
 */
final class ForkedRun {

  private static final Pattern PEAK_HEAP = Pattern.compile("peak heap (\\d+) MB");

  record Result(
      int exitCode,
      boolean completed,
      boolean outOfMemory,
      Integer peakHeapMb,
      double seconds,
      String output) {
    boolean passed() {
      return exitCode == 0 && completed && !outOfMemory;
    }
  }

  private ForkedRun() {}

  static Result run(String maxHeap, String databaseUrl, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-Xmx" + maxHeap);
    command.addAll(launchArguments());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DATABASE_URL", databaseUrl);
    long start = System.nanoTime();
    Process process = builder.start();
    Thread stopChild = new Thread(process::destroy, "benchmark-stop-child");
    Runtime.getRuntime().addShutdownHook(stopChild);
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int exit = process.waitFor();
    try {
      Runtime.getRuntime().removeShutdownHook(stopChild);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is stopping; the hook ends the child
    }
    Matcher peak = PEAK_HEAP.matcher(output);
    Integer peakMb = peak.find() ? Integer.valueOf(peak.group(1)) : null;
    boolean completed = output.contains(": COMPLETED (exit COMPLETED)");
    return new Result(
        exit,
        completed,
        output.contains("OutOfMemoryError"),
        peakMb,
        ScoreBaselines.seconds(start),
        output);
  }

  /** {@code java … com.athletebatch.Application}: a command of this very jar in a new JVM. */
  static List<String> javaCommand() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(launchArguments());
    return command;
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
  }

  /**
   * {@code -jar} when this JVM runs the executable jar, else the same class path and the main
   * class.
   */
  private static List<String> launchArguments() throws IOException {
    String classPath = System.getProperty("java.class.path");
    if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) {
      try (JarFile jar = new JarFile(classPath)) {
        if (jar.getManifest() != null
            && jar.getManifest().getMainAttributes().getValue("Start-Class") != null) {
          return List.of("-jar", classPath);
        }
      }
    }
    return List.of("-cp", classPath, "com.athletebatch.Application");
  }
}
