package com.athletebatch.capability;

import com.athletebatch.capability.events.CapabilityEvent;
import com.athletebatch.capability.events.EventIssue;
import com.athletebatch.database.Dialect;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * For one user: (in {@code --changed-only} mode, skip the user when nothing changed), take that
 * user's capability events in (timestamp, id) order and run the estimators. A full run takes the
 * estimate from the {@link EstimatePipeline}, which reads a page of users' events ahead and
 * estimates them on every core; {@code --changed-only}, which skips most users, reads and estimates
 * each changed user here. Closes the pipeline when the step ends.
 *
 * <p>Before estimation, events that cannot be trusted at all are set aside with a reason (skip log
 * and caveats): a row that cannot be read (e.g. text that is not valid UTF-8), a payload larger
 * than {@value #MAX_DATA_CHARS} characters, a timestamp after the run's as-of time, and a second
 * event with an idempotency key already seen.
 */
public class UserEstimationProcessor
    implements ItemProcessor<UUID, UserProjections>, StepExecutionListener {

  /** A capability event is a few hundred bytes; an imported activity with streams tens of kB. */
  static final int MAX_DATA_CHARS = 1024 * 1024;

  /** Events read per query (about 1 KB each as JSON text): bounds the memory the prefetch takes. */
  static final int PAGE_EVENTS = 20_000;

  private final CapabilitySelection selection;
  private final ChangeWatermark changeWatermark;
  private boolean changedUsersOnly;
  private final CapabilityEstimator estimator = new CapabilityEstimator();
  private final EventPrefetcher prefetcher;
  private final EstimatePipeline pipeline;

  public UserEstimationProcessor(
      JdbcTemplate jdbc,
      Dialect dialect,
      CapabilitySelection selection,
      ChangeWatermark changeWatermark) {
    this.selection = selection;
    this.changeWatermark = changeWatermark;
    this.prefetcher = new EventPrefetcher(jdbc, dialect, selection.users(), PAGE_EVENTS);
    this.pipeline =
        new EstimatePipeline(
            prefetcher, this::estimate, Runtime.getRuntime().availableProcessors());
  }

  @Override
  public UserProjections process(UUID userId) throws Exception {
    // The reader already chose the changed users (ChangeWatermark): they are sparse, so each one's
    // events are read alone instead of pages of consecutive users' history.
    return changedUsersOnly
        ? estimate(userId, prefetcher.single(userId))
        : pipeline.estimateOf(userId);
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    changedUsersOnly = changeWatermark.changes(stepExecution.getJobExecution()) != null;
  }

  @Override
  public ExitStatus afterStep(StepExecution stepExecution) {
    pipeline.close();
    return null;
  }

  /** One user's rows in (timestamp, id) order to its four outputs: plain Java, thread-safe. */
  private UserProjections estimate(UUID userId, List<EventPrefetcher.FetchedEvent> rows) {
    OffsetDateTime asOf = selection.asOfUtc();
    List<CapabilityEvent> events = new ArrayList<>();
    List<EventIssue> setAside = new ArrayList<>();
    Set<String> idempotencyKeys = new HashSet<>();
    for (EventPrefetcher.FetchedEvent row : rows) {
      admit(row, asOf, idempotencyKeys, events, setAside);
    }
    UserEstimate estimate = estimator.estimateUser(userId, events, asOf, setAside);
    return new UserProjections(userId, estimate, CapabilityOutputJson.renderAll(estimate));
  }

  /** Sets aside, with a reason, an event that cannot be trusted at all; keeps the others. */
  private static void admit(
      EventPrefetcher.FetchedEvent row,
      OffsetDateTime asOf,
      Set<String> idempotencyKeys,
      List<CapabilityEvent> events,
      List<EventIssue> setAside) {
    UUID id = row.id();
    if (row.readError() != null) {
      setAside.add(
          new EventIssue(
              id, EventIssue.UNREADABLE_EVENT, "event cannot be read: " + row.readError()));
      return;
    }
    String data = row.data();
    if (data != null && data.length() > MAX_DATA_CHARS) {
      setAside.add(
          new EventIssue(
              id,
              EventIssue.PAYLOAD_TOO_LARGE,
              "data holds " + data.length() + " characters, more than " + MAX_DATA_CHARS));
      return;
    }
    if (row.timestamp().isAfter(asOf)) {
      setAside.add(
          new EventIssue(
              id,
              EventIssue.FUTURE_TIMESTAMP,
              "timestamp " + row.timestamp() + " is after the run's as-of time " + asOf));
      return;
    }
    String key = row.idempotencyKey();
    if (key != null && !idempotencyKeys.add(key)) {
      setAside.add(
          new EventIssue(
              id,
              EventIssue.DUPLICATE_IDEMPOTENCY_KEY,
              "idempotency key " + key + " already used by an earlier event of this user"));
      return;
    }
    events.add(new CapabilityEvent(id, row.userId(), row.timestamp(), row.eventType(), data));
  }
}
