package com.athletebatch.cli;

import com.athletebatch.database.DatabaseSource;
import com.athletebatch.database.DatabaseUrl;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The database options every command takes. */
public class DatabaseOptions {

  @Option(
      names = "--database-url",
      paramLabel = "URL",
      description =
          "postgresql://user:pass@host:port/db, jdbc:postgresql://… or jdbc:h2:… "
              + "(default: $DATABASE_URL, else DATABASE_URL in ./.env, else an H2 file database under ./data)")
  String databaseUrl;

  @Option(
      names = "--batch-schema",
      paramLabel = "SCHEMA",
      defaultValue = "batch",
      description = "schema of the Spring Batch job-repository tables (default: ${DEFAULT-VALUE})")
  String batchSchema;

  /** Whether {@link ApplicationContexts#start} prints {@link DatabaseSource#describe()} first. */
  boolean announce = true;

  /** Where the first line goes ({@code status --json} keeps standard output for the JSON). */
  PrintStream announceTo;

  private DatabaseSource source;

  /** Options naming a database directly, as if given as {@code --database-url} (tests). */
  public static DatabaseOptions of(String url) {
    DatabaseOptions options = new DatabaseOptions();
    options.databaseUrl = url;
    options.batchSchema = "batch";
    return options;
  }

  /**
   * The URL given on the command line, else $DATABASE_URL, else DATABASE_URL in ./.env, else the
   * embedded default.
   */
  DatabaseSource source() {
    if (source == null) {
      source = DatabaseSource.choose(databaseUrl, System.getenv(), Path.of(""));
    }
    return source;
  }

  String effectiveUrl() {
    return source().url();
  }

  void announce() {
    if (announce) {
      (announceTo == null ? System.out : announceTo).println(source().describe());
    }
  }

  DatabaseUrl resolve() {
    return DatabaseUrl.parse(effectiveUrl());
  }

  boolean isEmbeddedDefault() {
    return effectiveUrl() == null;
  }
}
