package com.athletebatch.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

  @Test
  void aLostConnectionIsTransientAndNamedBySqlState() {
    Exception lost = new RuntimeException("wrapped", new SQLException("terminated", "57P01"));
    assertThat(DatabaseFailures.isTransient(lost)).isTrue();
    assertThat(DatabaseFailures.connectionLost(lost)).contains("SQLSTATE 57P01");
    assertThat(DatabaseFailures.connectionLost(new RuntimeException("syntax"))).isEmpty();
  }

  @Test
  void aBrokerThatRefusesConnectionsIsNotADatabaseFailure() {
    Exception broker =
        new org.springframework.amqp.AmqpConnectException(
            new java.net.ConnectException("Connection refused"));
    assertThat(DatabaseFailures.isTransient(broker)).isFalse();
    assertThat(DatabaseFailures.connectionLost(broker)).isEmpty();
    // The same words from the database's driver still are one.
    Exception database = new RuntimeException("Connection refused. Check the host and port");
    assertThat(DatabaseFailures.connectionLost(database)).contains("connection closed");
  }

  @Test
  void theMessageSaysRunAgainWhenTheEndWasRecordedAndRecoverFirstWhenItWasNot() {
    assertThat(DatabaseFailures.wentAwayMessage("SQLSTATE 57P01"))
        .contains("run the same command again when the database is back")
        .doesNotContain("recover 7");

    Exception lost = new SQLException("terminated", "57P01");
    RunEndNotRecordedException unrecorded = new RunEndNotRecordedException(Set.of(12L, 7L), lost);
    Set<Long> ids = RunEndNotRecordedException.in(new RuntimeException("outer", unrecorded));
    assertThat(ids).containsExactlyInAnyOrder(7L, 12L);
    assertThat(DatabaseFailures.connectionLost(unrecorded)).contains("SQLSTATE 57P01");
    assertThat(DatabaseFailures.wentAwayMessage("SQLSTATE 57P01", ids))
        .contains("could not record its end")
        .contains("run jobs/athlete-batch recover 7 12, then run the same command again");
    assertThat(RunEndNotRecordedException.in(lost)).isEmpty();
  }
}
