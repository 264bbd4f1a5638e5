package com.athletebatch.cli;

import com.athletebatch.database.DatabaseUrl;
import picocli.CommandLine.Option;

/** The database options every command takes. */
public class DatabaseOptions {

  @Option(
      names = "--database-url",
      paramLabel = "URL",
      description =
          "postgresql://user:pass@host:port/db, jdbc:postgresql://… or jdbc:h2:… "
              + "(default: $DATABASE_URL, else an H2 file database under ./data)")
  String databaseUrl;

  @Option(
      names = "--batch-schema",
      paramLabel = "SCHEMA",
      defaultValue = "batch",
      description = "schema of the Spring Batch job-repository tables (default: ${DEFAULT-VALUE})")
  String batchSchema;

  /** The URL given on the command line, else $DATABASE_URL, else null for the embedded default. */
  String effectiveUrl() {
    if (databaseUrl != null && !databaseUrl.isBlank()) {
      return databaseUrl;
    }
    String env = System.getenv("DATABASE_URL");
    return env == null || env.isBlank() ? null : env;
  }

  DatabaseUrl resolve() {
    return DatabaseUrl.parse(effectiveUrl());
  }

  boolean isEmbeddedDefault() {
    return effectiveUrl() == null;
  }
}
