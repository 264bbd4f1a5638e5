package com.athletebatch.capability;

import com.athletebatch.capability.events.EventIssue;
import com.athletebatch.step.SkipLog;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code --changed-only} without reading history: a watermark kept in the job repository.
 *
 * <p>Every run records, when its step starts, the highest {@code events.id} in the table, or the
 * smallest UUIDv7 of the run's as-of time when that is lower ({@value #WATERMARK}, in the job
 * execution's context). kura's event ids are UUIDv7: the first 48 bits are the writer's clock in
 * milliseconds, and the id is the primary key, so "events newer than X" is a range scan of an index
 * the table already has. A {@code --changed-only} run takes the watermark of the last COMPLETED run
 * of the same selection (same {@code --users}) and selects the users with a capability event or a
 * retraction whose id is above the smallest UUIDv7 of the watermark's time minus {@link #OVERLAP}
 * ({@value #CHANGED_SINCE}) when events arrived in that overlap since the watermark was read (their
 * count, {@value #WINDOW_COUNT}, grew: events are append-only), else the users with an event above
 * the watermark itself.
 *
 * <p>Why the overlap: an id is taken when the writer builds the event, and the row becomes visible
 * when its transaction commits. An event whose transaction commits after the watermark was read,
 * but whose id is below it (a slow transaction, or a writer whose clock is behind another's), is
 * still above the bound as long as the commit delay plus the clock skew stays under ten minutes.
 * Users whose events fall in the overlap twice are simply estimated twice (the estimate is a
 * function of all their events, so this is harmless). Retractions and corrections are events too,
 * so they are covered the same way.
 *
 * <p>Why the as-of caps the watermark: the run sets aside events dated after its as-of (usually its
 * launch). Events written between the launch and the step's start would otherwise sit below the
 * watermark, unseen by this run and "already seen" by the next.
 *
 * <p>Events dated after the as-of whose id is below the watermark (a writer's clock behind the
 * event's date, an event dated ahead) are in the run's skip log as {@code future_timestamp}. The
 * next {@code --changed-only} run takes their users again ({@value #FUTURE_EVENTS}), and records
 * them again while they are still ahead of its as-of, until one run uses them. Above {@value
 * #MAX_LISTED} such events the selection instead starts before the oldest of them.
 *
 * <p>A watermark whose time is ahead of this JVM's clock when it was read (only with an as-of in
 * the future: a writer's clock ahead, ids dated in the future) would hide the events written after
 * it with lower ids: then the selection starts at that read time minus the overlap instead.
 *
 * <p>No usable watermark (no completed run of the selection yet, or a watermark that is not a
 * UUIDv7): every user of the selection is taken, as in a full run. Both values are stored in the
 * job execution's context before the step reads anything, so a restart of a failed run selects the
 * same users as its first attempt.
 */
public final class ChangeWatermark {

  /** The highest events.id when the run's step started (UUID text). */
  public static final String WATERMARK = "capability.eventsWatermark";

  /**
   * How many events had an id in the overlap below {@value #WATERMARK} when it was read: the next
   * run counts the same range again to see whether a late commit landed in it.
   */
  public static final String WINDOW_COUNT = "capability.overlapEvents";

  /** This JVM's clock (Unix ms) when the watermark was read. */
  public static final String READ_AT = "capability.watermarkReadAt";

  /** The lower bound this run's --changed-only selection used (UUID text, or "" for none). */
  public static final String CHANGED_SINCE = "capability.changedSince";

  /**
   * The events below {@value #CHANGED_SINCE} that the previous run set aside as dated after its
   * as-of (comma-separated UUIDs): their users are selected again.
   */
  public static final String FUTURE_EVENTS = "capability.futureEvents";

  /** At most this many set-aside events are listed; above it the selection starts before them. */
  static final int MAX_LISTED = 1_000;

  /** How far before the previous watermark the selection starts: commit delay and clock skew. */
  public static final Duration OVERLAP = Duration.ofMinutes(10);

  /** How many recent job instances are searched for the last completed run of the selection. */
  private static final int SEARCH_INSTANCES = 200;

  static final String HIGHEST_ID = "SELECT id FROM events ORDER BY id DESC FETCH FIRST 1 ROWS ONLY";

  static final String OVERLAP_COUNT = "SELECT count(*) FROM events WHERE id > ? AND id <= ?";

  /**
   * What a {@code --changed-only} run selects: the users of the capability events and retractions
   * above {@code since}, and of the listed events the previous run set aside as dated after its
   * as-of (empty when none).
   */
  public record Changes(UUID since, List<UUID> futureEvents) {
    public Changes {
      futureEvents = List.copyOf(futureEvents);
    }
  }

  private final JobRepository jobRepository;
  private final JdbcTemplate jdbc;
  private final SkipLog skipLog;

  public ChangeWatermark(JobRepository jobRepository, JdbcTemplate jdbc, SkipLog skipLog) {
    this.jobRepository = jobRepository;
    this.jdbc = jdbc;
    this.skipLog = skipLog;
  }

  /**
   * Records this run's watermark (once per job execution lineage) and returns what the changed-only
   * selection takes, or null for every user. Idempotent within a run: the step's row counter, its
   * reader and its processor all call it.
   */
  public synchronized Changes changes(JobExecution job) {
    ExecutionContext context = job.getExecutionContext();
    CapabilitySelection selection = CapabilitySelection.from(job.getJobParameters());
    boolean changed = false;
    if (!context.containsKey(WATERMARK)) {
      List<UUID> highest = jdbc.queryForList(HIGHEST_ID, UUID.class);
      UUID watermark =
          highest.isEmpty() ? null : capped(highest.get(0), selection.asOfUtc().toInstant());
      context.putString(WATERMARK, watermark == null ? "" : watermark.toString());
      context.putLong(WINDOW_COUNT, watermark == null ? 0 : overlapCount(watermark));
      context.putLong(READ_AT, System.currentTimeMillis());
      changed = true;
    }
    if (selection.changedOnly() && !context.containsKey(CHANGED_SINCE)) {
      JobExecution previous = previous(job, selection);
      Changes changes =
          previous == null ? null : select(since(previous.getExecutionContext()), previous);
      context.putString(CHANGED_SINCE, changes == null ? "" : changes.since().toString());
      context.putString(
          FUTURE_EVENTS,
          changes == null
              ? ""
              : String.join(",", changes.futureEvents().stream().map(UUID::toString).toList()));
      changed = true;
    }
    if (changed) {
      jobRepository.updateExecutionContext(job);
    }
    String since = context.getString(CHANGED_SINCE, "");
    if (!selection.changedOnly() || since.isEmpty()) {
      return null;
    }
    String listed = context.getString(FUTURE_EVENTS, "");
    return new Changes(
        UUID.fromString(since),
        listed.isEmpty()
            ? List.of()
            : Arrays.stream(listed.split(",")).map(UUID::fromString).toList());
  }

  /**
   * The highest id, or the smallest UUIDv7 of the as-of's millisecond when that is lower: the run
   * sets aside events dated after its as-of, so none written after it may count as seen.
   */
  static UUID capped(UUID highest, Instant asOf) {
    if (highest.version() != 7) {
      return highest; // not time-ordered: lowerBound gives no bound, every user is taken
    }
    UUID asOfId = smallestV7(asOf.toEpochMilli());
    return compare(highest, asOfId) > 0 ? asOfId : highest;
  }

  /**
   * The selection from {@code since} (null: every user) and the previous run's events set aside as
   * dated after its as-of.
   */
  private Changes select(UUID since, JobExecution previous) {
    if (since == null) {
      return null;
    }
    List<Long> executions =
        jobRepository.getJobExecutions(previous.getJobInstance()).stream()
            .map(JobExecution::getId)
            .toList();
    List<UUID> setAside = new ArrayList<>();
    for (String id :
        skipLog.itemIds(executions, CapabilityQueries.EVENTS_TABLE, EventIssue.FUTURE_TIMESTAMP)) {
      try {
        setAside.add(UUID.fromString(id));
      } catch (IllegalArgumentException e) {
        // not an event id (the skip log holds what the run wrote): nothing to select again
      }
    }
    return bound(since, setAside, MAX_LISTED);
  }

  /**
   * The events of {@code setAside} that the range above {@code since} does not hold, listed when at
   * most {@code max}; above that, the range starts a millisecond before the oldest of them instead
   * (null, every user, when one is not a UUIDv7).
   */
  static Changes bound(UUID since, List<UUID> setAside, int max) {
    List<UUID> below =
        setAside.stream()
            .filter(id -> compare(id, since) <= 0)
            .distinct()
            .sorted(ChangeWatermark::compare)
            .toList();
    if (below.size() <= max) {
      return new Changes(since, below);
    }
    if (below.stream().anyMatch(id -> id.version() != 7)) {
      return null;
    }
    return new Changes(smallestV7(Math.max(0, timestampMillis(below.get(0)) - 1)), List.of());
  }

  /** UUIDs in PostgreSQL's order (unsigned, byte by byte); UUID.compareTo compares signed. */
  static int compare(UUID a, UUID b) {
    int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return high != 0
        ? high
        : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }

  /**
   * Where this run's selection starts, from the previous run's watermark: above the watermark when
   * its overlap holds the events it held then; from the overlap's start when more arrived there
   * since (late commits); null (every user) without a usable watermark.
   */
  private UUID since(ExecutionContext previous) {
    String text = previous.getString(WATERMARK);
    if (text.isEmpty()) {
      return null; // the table was empty: everything is new
    }
    UUID watermark = UUID.fromString(text);
    UUID bound = lowerBound(watermark);
    if (bound == null) {
      return null;
    }
    long readAt = previous.getLong(READ_AT, Long.MAX_VALUE);
    if (timestampMillis(watermark) > readAt) {
      // The highest id was ahead of our clock (a writer whose clock runs ahead, or ids dated in the
      // future): events written since may have lower ids. Start from our own clock at that read,
      // minus the overlap.
      return smallestV7(Math.max(0, readAt - OVERLAP.toMillis()));
    }
    long then = previous.getLong(WINDOW_COUNT, -1L);
    return overlapCount(watermark) > then ? bound : watermark;
  }

  /** Events with an id in the overlap below the watermark, the watermark included. */
  private long overlapCount(UUID watermark) {
    UUID bound = lowerBound(watermark);
    if (bound == null) {
      return 0;
    }
    Long n = jdbc.queryForObject(OVERLAP_COUNT, Long.class, bound, watermark);
    return n == null ? 0 : n;
  }

  /** The newest COMPLETED execution of this job with the same users selection. */
  private JobExecution previous(JobExecution current, CapabilitySelection selection) {
    String jobName = current.getJobInstance().getJobName();
    for (JobInstance instance : jobRepository.getJobInstances(jobName, 0, SEARCH_INSTANCES)) {
      if (instance.getInstanceId() == current.getJobInstance().getInstanceId()) {
        continue;
      }
      for (JobExecution e : jobRepository.getJobExecutions(instance)) {
        if (e.getStatus() != BatchStatus.COMPLETED
            || !CapabilitySelection.from(e.getJobParameters()).users().equals(selection.users())) {
          continue;
        }
        if (e.getExecutionContext().containsKey(WATERMARK)) {
          return e;
        }
      }
    }
    return null;
  }

  /**
   * The smallest UUIDv7 of the watermark's millisecond minus {@link #OVERLAP}; null when the
   * watermark is not a UUIDv7 (ids not time-ordered: no bound can be derived).
   */
  static UUID lowerBound(UUID watermark) {
    if (watermark.version() != 7) {
      return null;
    }
    long millis = Math.max(0, timestampMillis(watermark) - OVERLAP.toMillis());
    return smallestV7(millis);
  }

  /** The 48-bit Unix-millisecond timestamp of a UUIDv7. */
  static long timestampMillis(UUID v7) {
    return v7.getMostSignificantBits() >>> 16;
  }

  /** The smallest UUIDv7 of a millisecond: version 7, variant 2, every random bit zero. */
  static UUID smallestV7(long millis) {
    return new UUID((millis << 16) | 0x7000L, 0x8000_0000_0000_0000L);
  }

  /** For messages: the time a UUIDv7 carries. */
  static String describe(UUID v7) {
    return Instant.ofEpochMilli(timestampMillis(v7)).atOffset(ZoneOffset.UTC).toString();
  }
}
