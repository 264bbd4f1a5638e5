package com.athletebatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.database.Dialect;
import com.athletebatch.database.JobRepositorySchema;
import com.athletebatch.support.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;

/** How a heartbeat tells a live run from one left behind by a crashed JVM. */
class LivenessTest {

  private static final Duration STALE_AFTER = Duration.ofSeconds(60);

  private static Liveness assess(String host, long pid, double age, boolean pidAlive) {
    return Liveness.assess(host, pid, age, false, STALE_AFTER, "here", p -> pidAlive);
  }

  @Test
  void sameHostTrustsTheProcessTable() {
    assertThat(assess("here", 4242, 2, false).state()).isEqualTo(Liveness.State.DEAD);
    assertThat(assess("here", 4242, 2, true).state()).isEqualTo(Liveness.State.ALIVE);
    assertThat(assess("here", 4242, 600, true).state()).isEqualTo(Liveness.State.STALE);
    // Our own pid, but this JVM does not run it: a previous process whose pid was reused.
    assertThat(assess("here", ProcessHandle.current().pid(), 2, true).state())
        .isEqualTo(Liveness.State.DEAD);
  }

  @Test
  void otherHostsAreJudgedByTheAgeOfTheirLastBeat() {
    assertThat(assess("elsewhere", 4242, 59, false).state()).isEqualTo(Liveness.State.ALIVE);
    Liveness stale = assess("elsewhere", 4242, 61, false);
    assertThat(stale.state()).isEqualTo(Liveness.State.STALE);
    assertThat(stale.gone()).isTrue();
    assertThat(stale.describe())
        .contains("STALE")
        .contains("elsewhere")
        .contains("4242")
        .contains("1m01s");
  }

  @Test
  void noHeartbeatIsNeitherAliveNorGone() {
    Liveness none = Liveness.assess(null, null, null, false, STALE_AFTER, "here", p -> false);
    assertThat(none.state()).isEqualTo(Liveness.State.NONE);
    assertThat(none.gone()).isFalse();
  }

  @Test
  void anExecutionRunningInThisJvmIsAliveWhateverItsBeatSays() {
    try (TestDatabase db = TestDatabase.h2()) {
      JobRepositorySchema schema = new JobRepositorySchema(db.dataSource(), Dialect.H2, "batch");
      schema.createIfMissing();
      Heartbeat heartbeat =
          new Heartbeat(db.jdbc(), schema.heartbeatTable(), Duration.ofMillis(50), STALE_AFTER);
      JobExecution execution =
          new JobExecution(424242L, new JobInstance(1L, "scoreBackfill"), new JobParameters());

      assertThat(heartbeat.liveness(424242L).state()).isEqualTo(Liveness.State.NONE);
      heartbeat.beforeJob(execution);
      assertThat(heartbeat.liveness(424242L, Duration.ZERO).state())
          .isEqualTo(Liveness.State.THIS_JVM);
      assertThat(
              db.jdbc()
                  .queryForObject(
                      "SELECT PID FROM batch.ATHLETE_HEARTBEAT WHERE JOB_EXECUTION_ID = ?",
                      Long.class,
                      424242L))
          .isEqualTo(ProcessHandle.current().pid());
      heartbeat.afterJob(execution);
      // Ended here: same host, our pid, no longer running in this JVM.
      assertThat(heartbeat.liveness(424242L).state()).isEqualTo(Liveness.State.DEAD);
      assertThat(
              db.jdbc()
                  .queryForObject(
                      "SELECT count(*) FROM batch.ATHLETE_HEARTBEAT WHERE ENDED_AT IS NOT NULL",
                      Integer.class))
          .isEqualTo(1);
    }
  }
}
