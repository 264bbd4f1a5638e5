package com.athletebatch.operations;

import java.util.Set;
import java.util.TreeSet;

/**
 * A run failed for good and could not record its end: the job repository still reads these
 * executions STARTED, so they must be recovered before the same command can resume them.
 */
public class RunEndNotRecordedException extends Exception {

  private final Set<Long> executionIds;

  RunEndNotRecordedException(Set<Long> executionIds, Exception cause) {
    super(
        "execution "
            + String.join(", ", new TreeSet<>(executionIds).stream().map(String::valueOf).toList())
            + " could not record its end: "
            + cause.getMessage(),
        cause);
    this.executionIds = Set.copyOf(executionIds);
  }

  public Set<Long> executionIds() {
    return executionIds;
  }

  /** The executions left STARTED by a failure anywhere in {@code failure}'s causes, or none. */
  public static Set<Long> in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RunEndNotRecordedException e) {
        return e.executionIds();
      }
    }
    return Set.of();
  }
}
