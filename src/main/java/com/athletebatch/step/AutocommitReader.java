package com.athletebatch.step;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A reader whose reads happen outside the chunk's transaction: the transaction is suspended for
 * each read, so a page is read on a pooled connection of its own in autocommit, which goes back to
 * the pool as soon as the page is read. With {@link DeferredTransactions} the chunk's transaction
 * then holds no connection at all until its writer's first statement.
 */
public final class AutocommitReader<T> implements ItemStreamReader<T> {

  private final ItemStreamReader<T> delegate;
  private final TransactionTemplate outside;

  public AutocommitReader(ItemStreamReader<T> delegate, PlatformTransactionManager transactions) {
    this.delegate = delegate;
    this.outside = new TransactionTemplate(transactions);
    this.outside.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
  }

  @Override
  public T read() throws Exception {
    try {
      return outside.execute(
          status -> {
            try {
              return delegate.read();
            } catch (RuntimeException e) {
              throw e;
            } catch (Exception e) {
              throw new ReadFailure(e);
            }
          });
    } catch (ReadFailure e) {
      throw (Exception) e.getCause();
    }
  }

  @Override
  public void open(ExecutionContext executionContext) throws ItemStreamException {
    delegate.open(executionContext);
  }

  @Override
  public void update(ExecutionContext executionContext) throws ItemStreamException {
    delegate.update(executionContext);
  }

  @Override
  public void close() throws ItemStreamException {
    delegate.close();
  }

  private static final class ReadFailure extends RuntimeException {
    ReadFailure(Exception cause) {
      super(cause);
    }
  }
}
