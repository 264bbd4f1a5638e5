package com.athletebatch.operations;

import com.athletebatch.database.DatabaseConfiguration;
import com.athletebatch.database.DatabaseUrl;
import com.athletebatch.database.Dialect;
import com.athletebatch.database.JobRepositorySchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the Spring application context for one command or one benchmark run, against the database
 * it was given.
 */
public final class ApplicationContextStarter {

  private ApplicationContextStarter() {}

  /**
   * @param profiles extra Spring profiles, e.g. {@code schedule} for
   *     application-schedule.properties
   */
  public static ConfigurableApplicationContext start(
      DatabaseUrl url, String batchSchema, Map<String, Object> extra, String... profiles) {
    return start(url, batchSchema, extra, List.of(), profiles);
  }

  /**
   * @param args command-line properties ({@code --name=value}), which win over the configuration
   *     files: the web server's port and address, the verbose logging levels
   */
  public static ConfigurableApplicationContext start(
      DatabaseUrl url,
      String batchSchema,
      Map<String, Object> extra,
      List<String> args,
      String... profiles) {
    String schema = JobRepositorySchema.validate(batchSchema);
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
    SpringApplication spring = new SpringApplication(AthleteBatchApplication.class);
    // Only the web profile (application-web.properties) turns the web application on.
    spring.setWebApplicationType(WebApplicationType.NONE);
    spring.setDefaultProperties(properties);
    spring.setAdditionalProfiles(profiles);
    spring.setRegisterShutdownHook(true);
    return spring.run(args.toArray(String[]::new));
  }
}
