package com.athletebatch.database;

import java.nio.file.Path;
import java.util.Map;

/**
 * Which database a command uses and where its URL came from: {@code --database-url}, else {@code
 * DATABASE_URL} in the environment, else {@code DATABASE_URL} in {@code .env} of the current
 * directory (as the seeds' scripts read it), else the embedded H2 default. A blank value counts as
 * none.
 *
 * @param url the URL as given, or null for the embedded default
 */
public record DatabaseSource(String url, Origin origin, Path dotEnvFile) {

  public static final String VARIABLE = "DATABASE_URL";

  public enum Origin {
    FLAG("--database-url"),
    ENVIRONMENT("the environment (DATABASE_URL)"),
    DOTENV(".env"),
    EMBEDDED_DEFAULT("the embedded default");

    private final String label;

    Origin(String label) {
      this.label = label;
    }
  }

  /**
   * @param flag the {@code --database-url} value, or null
   * @param environment the process environment
   * @param directory where {@code .env} is looked for (the current directory)
   */
  public static DatabaseSource choose(
      String flag, Map<String, String> environment, Path directory) {
    Path file = directory.resolve(".env");
    if (!isBlank(flag)) {
      return new DatabaseSource(flag, Origin.FLAG, file);
    }
    String env = environment.get(VARIABLE);
    if (!isBlank(env)) {
      return new DatabaseSource(env, Origin.ENVIRONMENT, file);
    }
    String fromFile = DotEnv.read(file).get(VARIABLE);
    if (!isBlank(fromFile)) {
      return new DatabaseSource(fromFile, Origin.DOTENV, file);
    }
    return new DatabaseSource(null, Origin.EMBEDDED_DEFAULT, file);
  }

  public boolean isEmbeddedDefault() {
    return origin == Origin.EMBEDDED_DEFAULT;
  }

  /** The first line of a command's output: the database, password hidden, and the URL's origin. */
  public String describe() {
    String where =
        switch (origin) {
          case DOTENV -> "URL from " + dotEnvFile.toAbsolutePath().normalize();
          case EMBEDDED_DEFAULT ->
              "the embedded default (no --database-url, no DATABASE_URL in the environment or in "
                  + dotEnvFile.toAbsolutePath().normalize()
                  + ")";
          default -> "URL from " + origin.label;
        };
    String shown;
    try {
      shown = DatabaseUrl.parse(url).display();
    } catch (IllegalArgumentException e) {
      shown = DatabaseUrl.mask(url);
    }
    return "Database: " + shown + " — " + where;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
