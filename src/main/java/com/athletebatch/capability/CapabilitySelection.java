package com.athletebatch.capability;

import com.athletebatch.step.RunClock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * Which users a capability estimation run takes, as job parameters. {@code source} (the runbook's
 * traceability label), {@code users} and {@code changedOnly} identify the run; {@code asOf} (the
 * reference time of the estimates) and {@code chunkSize} do not, so a restart reuses them.
 */
public record CapabilitySelection(
    String source, List<UUID> users, boolean changedOnly, LocalDateTime asOf, int chunkSize) {

  public static final String SOURCE = "source";
  public static final String USERS = "users";
  public static final String CHANGED_ONLY = "changedOnly";
  public static final String AS_OF = "asOf";
  public static final String CHUNK_SIZE = "chunkSize";
  public static final String DEFAULT_SOURCE = "manual.capability_backfill";
  public static final int DEFAULT_CHUNK_SIZE = 100;

  public CapabilitySelection {
    if (source == null || source.isBlank() || source.length() > 200) {
      throw new IllegalArgumentException("--source must be a label of 1 to 200 characters");
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be at least 1, not " + chunkSize);
    }
    users = users == null ? List.of() : List.copyOf(users);
  }

  /** Parses {@code --users ID,ID}; a malformed id is an error that names it. */
  public static List<UUID> parseUsers(String csv) {
    if (csv == null || csv.isBlank()) {
      return List.of();
    }
    return Arrays.stream(csv.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(
            s -> {
              try {
                return UUID.fromString(s);
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--users: '" + s + "' is not a user id (UUID)");
              }
            })
        .distinct()
        .sorted()
        .toList();
  }

  public OffsetDateTime asOfUtc() {
    return asOf.atOffset(ZoneOffset.UTC);
  }

  public JobParametersBuilder toParameters() {
    JobParametersBuilder builder =
        new JobParametersBuilder()
            .addString(SOURCE, source, true)
            .addString(CHANGED_ONLY, Boolean.toString(changedOnly), true)
            .addLocalDateTime(AS_OF, asOf, false)
            .addLong(CHUNK_SIZE, (long) chunkSize, false);
    if (!users.isEmpty()) {
      builder.addString(USERS, String.join(",", users.stream().map(UUID::toString).toList()), true);
    }
    return builder;
  }

  public static CapabilitySelection from(JobParameters p) {
    LocalDateTime asOf = p.getLocalDateTime(AS_OF);
    Long chunk = p.getLong(CHUNK_SIZE);
    return new CapabilitySelection(
        p.getString(SOURCE, DEFAULT_SOURCE),
        parseUsers(p.getString(USERS)),
        Boolean.parseBoolean(p.getString(CHANGED_ONLY, "false")),
        asOf == null ? RunClock.nowUtc() : asOf,
        chunk == null ? DEFAULT_CHUNK_SIZE : chunk.intValue());
  }
}
