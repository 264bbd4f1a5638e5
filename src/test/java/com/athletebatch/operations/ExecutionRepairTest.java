package com.athletebatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.MetaDataInstanceFactory;

/**
 * An execution whose thread ended in this JVM unrecorded is recovered by a later launch in another
 * application context of the same JVM, but only when its heartbeat names this very process.
 */
class ExecutionRepairTest {

  private final List<Long> recovered = new ArrayList<>();

  private final JobOperator operator =
      (JobOperator)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {JobOperator.class},
              (proxy, method, args) -> {
                if (method.getName().equals("recover")) {
                  recovered.add(((JobExecution) args[0]).getId());
                  return args[0];
                }
                throw new UnsupportedOperationException(method.getName());
              });

  private static Liveness dead(long pid) {
    return new Liveness(Liveness.State.DEAD, "host", pid, 7.0, Duration.ofSeconds(60));
  }

  @Test
  void recoversOnlyWhatEndedHereAndNamesThisProcess() {
    long self = ProcessHandle.current().pid();
    ExecutionRepair first = new ExecutionRepair(operator, (JobRepository) null);
    first.endedUnrecorded("repairTestJob", 41L);
    // A later command: a new context, a new repair, the same JVM.
    ExecutionRepair later = new ExecutionRepair(operator, (JobRepository) null);
    JobExecution ended = MetaDataInstanceFactory.createJobExecution("repairTestJob", 1L, 41L);
    JobExecution other = MetaDataInstanceFactory.createJobExecution("repairTestJob", 1L, 42L);

    assertThat(later.recoverIfEndedHere("repairTestJob", other, dead(self))).isFalse();
    assertThat(later.recoverIfEndedHere("otherJob", ended, dead(self))).isFalse();
    assertThat(later.recoverIfEndedHere("repairTestJob", ended, dead(self + 1))).isFalse();
    assertThat(
            later.recoverIfEndedHere(
                "repairTestJob",
                ended,
                new Liveness(Liveness.State.ALIVE, "host", self, 1.0, Duration.ofSeconds(60))))
        .isFalse();
    assertThat(recovered).isEmpty();

    assertThat(later.recoverIfEndedHere("repairTestJob", ended, dead(self))).isTrue();
    assertThat(recovered).containsExactly(41L);
    // Once only.
    assertThat(later.recoverIfEndedHere("repairTestJob", ended, dead(self))).isFalse();
  }
}
