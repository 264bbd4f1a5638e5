package com.athletebatch.step;

import javax.sql.DataSource;
import org.springframework.core.InfrastructureProxy;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;

/**
 * The chunk transactions of a step that waits on something slow (a model's provider) between
 * reading and writing: a chunk's transaction takes no connection and sends no BEGIN until its first
 * statement, the writer's; so a slow call never leaves a session {@code idle in transaction}.
 *
 * <p>The transaction's connection is a {@link LazyConnectionDataSourceProxy}'s, bound under the
 * application's own DataSource (the proxy is an {@link InfrastructureProxy} of it, which Spring's
 * transaction synchronization unwraps): the writer's JdbcTemplate, the skip log and the job
 * repository's chunk updates all join that one transaction, so a chunk's rows, reader position and
 * counters still commit together. Reads must then happen outside it ({@link AutocommitReader}).
 *
 * <p>It also lets the step roll back the chunk in flight without failing ({@link
 * #rollbackCurrentChunk}): Spring Batch's chunk loop sees the status rollback-only, skips the
 * context update and rolls back; the step can then stop at the chunk boundary.
 */
public final class DeferredTransactions implements PlatformTransactionManager {

  private final PlatformTransactionManager delegate;
  private final ThreadLocal<TransactionStatus> current = new ThreadLocal<>();

  public DeferredTransactions(DataSource dataSource) {
    LazyData lazy = new LazyData(dataSource);
    this.delegate = new JdbcTransactionManager(lazy);
  }

  @Override
  public TransactionStatus getTransaction(TransactionDefinition definition)
      throws TransactionException {
    TransactionStatus status = delegate.getTransaction(definition);
    if (status.isNewTransaction()) {
      current.set(status);
    }
    return status;
  }

  @Override
  public void commit(TransactionStatus status) throws TransactionException {
    try {
      delegate.commit(status);
    } finally {
      clear(status);
    }
  }

  @Override
  public void rollback(TransactionStatus status) throws TransactionException {
    try {
      delegate.rollback(status);
    } finally {
      clear(status);
    }
  }

  /**
   * Marks the chunk transaction of this thread rollback-only: nothing of the chunk commits, and the
   * chunk loop does not record the reader's position past it.
   *
   * @return false when this thread has no chunk transaction
   */
  public boolean rollbackCurrentChunk() {
    TransactionStatus status = current.get();
    if (status == null) {
      return false;
    }
    status.setRollbackOnly();
    return true;
  }

  private void clear(TransactionStatus status) {
    if (current.get() == status) {
      current.remove();
    }
  }

  /** No physical connection until a statement needs one; bound as the DataSource it wraps. */
  private static final class LazyData extends LazyConnectionDataSourceProxy
      implements InfrastructureProxy {

    private final DataSource target;

    LazyData(DataSource target) {
      super();
      this.target = target;
      setTargetDataSource(target);
      // Pool defaults (Hikari: autocommit on; PostgreSQL and H2: read committed): no connection
      // is fetched just to learn them.
      setDefaultAutoCommit(true);
      setDefaultTransactionIsolation(java.sql.Connection.TRANSACTION_READ_COMMITTED);
      afterPropertiesSet();
    }

    @Override
    public Object getWrappedObject() {
      return target;
    }
  }
}
