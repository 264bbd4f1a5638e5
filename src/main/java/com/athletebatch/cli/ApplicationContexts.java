package com.athletebatch.cli;

import com.athletebatch.Application;
import com.athletebatch.database.DatabaseConfiguration;
import com.athletebatch.database.DatabaseUrl;
import com.athletebatch.database.Dialect;
import com.athletebatch.database.JobRepositorySchema;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring application context for one command, against the database it was given. */
public final class ApplicationContexts {

  private ApplicationContexts() {}

  public static ConfigurableApplicationContext start(DatabaseOptions options) {
    return start(options, Map.of());
  }

  /**
   * @param profiles extra Spring profiles, e.g. {@code schedule} for
   *     application-schedule.properties
   */
  public static ConfigurableApplicationContext start(
      DatabaseOptions options, Map<String, Object> extra, String... profiles) {
    options.announce();
    DatabaseUrl url = options.resolve();
    String schema = JobRepositorySchema.validate(options.batchSchema);
    Map<String, Object> properties = new HashMap<>();
    properties.put("spring.datasource.url", url.jdbcUrl());
    if (url.username() != null) {
      properties.put("spring.datasource.username", url.username());
    }
    if (url.password() != null) {
      properties.put("spring.datasource.password", url.password());
    }
    if (url.dialect() == Dialect.POSTGRESQL) {
      // The jobs' queries are short keyset pages and index lookups; PostgreSQL's JIT would
      // compile each page's query again (tens of milliseconds a page) and never pays off.
      properties.put("spring.datasource.hikari.connection-init-sql", "SET jit = off");
    }
    properties.put(DatabaseConfiguration.BATCH_SCHEMA_PROPERTY, schema);
    properties.put("spring.batch.jdbc.table-prefix", schema + ".BATCH_");
    properties.putAll(extra);
    SpringApplication application = new SpringApplication(Application.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setDefaultProperties(properties);
    application.setAdditionalProfiles(profiles);
    application.setRegisterShutdownHook(true);
    return application.run();
  }
}
