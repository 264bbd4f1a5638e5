package com.athletebatch.demo;

import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Fresh in-memory H2 databases with the URL flags the domain schema relies on. */
final class H2TestDatabase {

  /**
   * MODE=PostgreSQL and DATABASE_TO_LOWER=TRUE are required (checked by DomainSchema);
   * DEFAULT_NULL_ORDERING=HIGH and NON_KEYWORDS=KEY,VALUE make H2 behave like PostgreSQL for the
   * jobs' SQL; DB_CLOSE_DELAY=-1 keeps the in-memory database between connections.
   */
  static final String FLAGS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
          + ";NON_KEYWORDS=KEY,VALUE;DB_CLOSE_DELAY=-1";

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private H2TestDatabase() {}

  static DataSource fresh(String name) {
    return new DriverManagerDataSource(
        "jdbc:h2:mem:" + name + "_" + COUNTER.incrementAndGet() + FLAGS, "sa", "");
  }
}
