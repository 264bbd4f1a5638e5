package com.athletebatch.operations;

import com.athletebatch.step.ProgressLine;
import java.time.Duration;
import java.util.function.LongPredicate;

/**
 * Whether the JVM that runs a job execution is still there, judged from its heartbeat: this JVM
 * runs it; a fresh heartbeat; the recorded process is on this host and gone (known dead at once); a
 * stale heartbeat; or no heartbeat at all.
 */
public record Liveness(State state, String host, Long pid, Double ageSeconds, Duration staleAfter) {

  public enum State {
    /** Running in this very JVM. */
    THIS_JVM,
    /** Heartbeat younger than the threshold. */
    ALIVE,
    /** The recorded process ran on this host and no longer exists. */
    DEAD,
    /** Heartbeat older than the threshold: its JVM seems gone. */
    STALE,
    /** No heartbeat recorded. */
    NONE
  }

  /**
   * @param host recorded host, or null when there is no heartbeat row
   * @param ageSeconds seconds since the last beat, by the database's clock
   * @param inThisJvm whether this JVM is running the execution right now
   * @param localHost this JVM's host name
   * @param processAlive whether a process id on this host is alive
   */
  public static Liveness assess(
      String host,
      Long pid,
      Double ageSeconds,
      boolean inThisJvm,
      Duration staleAfter,
      String localHost,
      LongPredicate processAlive) {
    if (inThisJvm) {
      return new Liveness(State.THIS_JVM, host, pid, ageSeconds, staleAfter);
    }
    if (host == null || pid == null || ageSeconds == null) {
      return new Liveness(State.NONE, host, pid, ageSeconds, staleAfter);
    }
    // Same host: the process table is the truth. Our own pid here means a previous process with
    // a reused pid (this JVM does not run the execution), so it is dead too.
    if (host.equals(localHost)
        && (pid == ProcessHandle.current().pid() || !processAlive.test(pid))) {
      return new Liveness(State.DEAD, host, pid, ageSeconds, staleAfter);
    }
    State state = ageSeconds < staleAfter.toSeconds() ? State.ALIVE : State.STALE;
    return new Liveness(state, host, pid, ageSeconds, staleAfter);
  }

  /** Whether its JVM is known or presumed gone, so that the execution may be recovered. */
  public boolean gone() {
    return state == State.DEAD || state == State.STALE;
  }

  /** E.g. "heartbeat 3s ago from host db1 pid 4242 (alive)". */
  public String describe() {
    if (state == State.NONE) {
      return "no heartbeat recorded";
    }
    String beat =
        "heartbeat "
            + ProgressLine.format(Duration.ofSeconds(Math.round(ageSeconds)))
            + " ago from host "
            + host
            + " pid "
            + pid;
    return switch (state) {
      case THIS_JVM -> beat + " (running in this JVM)";
      case ALIVE -> beat + " (alive)";
      case DEAD -> beat + " (that process no longer exists on this host: its JVM is gone)";
      case STALE ->
          beat + " (STALE: older than " + ProgressLine.format(staleAfter) + ", its JVM seems gone)";
      default -> beat;
    };
  }
}
