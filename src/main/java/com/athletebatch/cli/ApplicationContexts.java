package com.athletebatch.cli;

import com.athletebatch.operations.ApplicationContextStarter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring application context for one command, against the database it was given. */
public final class ApplicationContexts {

  /** The profile that turns the web application on (application-web.properties). */
  public static final String WEB_PROFILE = "web";

  private ApplicationContexts() {}

  public static ConfigurableApplicationContext start(DatabaseOptions options) {
    return start(options, Map.of());
  }

  /**
   * @param args command-line properties ({@code --name=value}) that win over the configuration
   *     files
   */
  public static ConfigurableApplicationContext start(DatabaseOptions options, List<String> args) {
    return start(options, Map.of(), args);
  }

  /**
   * @param profiles extra Spring profiles, e.g. {@code schedule} for
   *     application-schedule.properties
   */
  public static ConfigurableApplicationContext start(
      DatabaseOptions options, Map<String, Object> extra, String... profiles) {
    return start(options, extra, List.of(), profiles);
  }

  /** Command-line properties and extra profiles. */
  public static ConfigurableApplicationContext start(
      DatabaseOptions options, List<String> args, String... profiles) {
    return start(options, Map.of(), args, profiles);
  }

  /**
   * The context of a command that serves the dashboard: a servlet web application (profile {@value
   * #WEB_PROFILE}), the web server's options given as command-line properties so that they win over
   * the configuration files.
   */
  public static ConfigurableApplicationContext startWeb(
      DatabaseOptions options,
      Map<String, Object> extra,
      List<String> serverArgs,
      String... profiles) {
    String[] all = new String[profiles.length + 1];
    System.arraycopy(profiles, 0, all, 0, profiles.length);
    all[profiles.length] = WEB_PROFILE;
    return start(options, extra, serverArgs, all);
  }

  private static ConfigurableApplicationContext start(
      DatabaseOptions options, Map<String, Object> extra, List<String> args, String... profiles) {
    options.announce();
    Verbosity.applyConsolePattern();
    List<String> all = new ArrayList<>(args);
    all.addAll(Verbosity.properties());
    Map<String, Object> properties = new java.util.HashMap<>(options.timeoutProperties());
    properties.putAll(extra);
    return ApplicationContextStarter.start(
        options.resolve(), options.batchSchema, properties, all, profiles);
  }
}
