package com.athletebatch.step;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one terminal line that the progress bars of a run share. Steps that run side by side (the
 * score backfill's two tables) would otherwise overwrite each other's bar in turn; here each step
 * keeps its slot, and with more than one step running the line shows each in short form.
 */
final class TerminalBars {

  private final PrintStream out;

  /** Full bar and short form of each running step, in start order. */
  private final Map<String, String[]> running = new LinkedHashMap<>();

  TerminalBars(PrintStream out) {
    this.out = out;
  }

  synchronized void update(String step, String bar, String brief) {
    running.put(step, new String[] {bar, brief});
    // The cursor goes back to the line's start, so that a log line written meanwhile (e.g.
    // Spring Batch's "Step executed") overwrites the bar instead of trailing it.
    out.print("\r" + line() + "\033[K\r");
    out.flush();
  }

  /** The step's final bar on a line of its own; the others' go on below it. */
  synchronized void finish(String step, String bar) {
    running.remove(step);
    out.println("\r" + bar + "\033[K");
    if (!running.isEmpty()) {
      out.print(line() + "\033[K\r");
    }
    out.flush();
  }

  private String line() {
    if (running.size() == 1) {
      return running.values().iterator().next()[0];
    }
    StringBuilder line = new StringBuilder();
    for (String[] shown : running.values()) {
      line.append(line.length() == 0 ? "" : " | ").append(shown[1]);
    }
    return line.toString();
  }
}
