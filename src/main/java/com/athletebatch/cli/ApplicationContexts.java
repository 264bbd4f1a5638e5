package com.athletebatch.cli;

import com.athletebatch.operations.ApplicationContextStarter;
import java.util.Map;
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
    return ApplicationContextStarter.start(options.resolve(), options.batchSchema, extra, profiles);
  }
}
