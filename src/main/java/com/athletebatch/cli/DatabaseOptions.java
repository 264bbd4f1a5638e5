package com.athletebatch.cli;

import com.athletebatch.database.DatabaseSource;
import com.athletebatch.database.DatabaseUrl;
import com.athletebatch.step.LiveDatabase;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.ITypeConverter;
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

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "how long a job's statement waits for a row lock the live application holds before the"
              + " rows are left for a retry after the step, then skipped as row_locked"
              + " (PostgreSQL lock_timeout; e.g. 500ms, 5s, 1m; default: ${DEFAULT-VALUE})")
  Duration lockTimeout;

  @Option(
      names = "--statement-timeout",
      paramLabel = "DURATION",
      defaultValue = "15m",
      converter = DurationConverter.class,
      description =
          "longest a job's single statement may run (PostgreSQL statement_timeout; default:"
              + " ${DEFAULT-VALUE})")
  Duration statementTimeout;

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

  /** The two timeouts as the properties {@code LiveDatabase} reads. */
  Map<String, Object> timeoutProperties() {
    return Map.of(
        LiveDatabase.LOCK_TIMEOUT_PROPERTY,
        (lockTimeout == null ? LiveDatabase.DEFAULT_LOCK_TIMEOUT : lockTimeout).toMillis() + "ms",
        LiveDatabase.STATEMENT_TIMEOUT_PROPERTY,
        (statementTimeout == null ? LiveDatabase.DEFAULT_STATEMENT_TIMEOUT : statementTimeout)
                .toMillis()
            + "ms");
  }

  /** 500ms, 5s, 1m, 2h (Spring's duration syntax, as in the properties files), at least 1 ms. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration duration = DurationStyle.detectAndParse(value.trim());
      if (duration.toMillis() < 1) {
        throw new IllegalArgumentException("must be at least 1ms");
      }
      return duration;
    }
  }

  boolean isEmbeddedDefault() {
    return effectiveUrl() == null;
  }
}
