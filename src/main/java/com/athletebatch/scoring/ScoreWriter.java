package com.athletebatch.scoring;

import com.athletebatch.database.Dialect;
import com.athletebatch.json.JsonMappers;
import com.athletebatch.scoring.core.ScoreCard;
import com.athletebatch.scoring.core.ScoringOutcome;
import com.athletebatch.scoring.core.SubScore;
import com.athletebatch.step.LiveDatabase;
import com.athletebatch.step.RunClock;
import com.athletebatch.step.SkipLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes one chunk of scored rows back: one batched UPDATE for the scored rows and one for the
 * status-only rows (SKIPPED_EMPTY, FAILED), plus the skip log, all in the chunk's transaction. Each
 * UPDATE is a compare-and-set: a row is written only while its status, score and "updatedAt" are as
 * the reader saw them, so what the live application wrote meanwhile is never overwritten; such rows
 * go to the skip log as {@code changed_concurrently}, saying what changed (one small SELECT of just
 * those ids). Rows locked by the application past the lock timeout are retried once after the step
 * ({@link #afterStep}), then skipped as {@code row_locked}. Per-outcome counts are kept in the
 * step's execution context, which is saved in the same transaction, so after a restart they match
 * what was committed.
 */
public class ScoreWriter implements ItemWriter<ScoredRow>, StepExecutionListener {

  public static final String SCORED = "scored";
  public static final String SKIPPED_EMPTY = "skippedEmpty";
  public static final String FAILED = "failed";

  /** Rows a model's provider refused with 429/503 until the retries ran out (issue 14). */
  public static final String QUOTA_EXCEEDED = "quotaExceeded";

  public static final String QUOTA_EXCEEDED_REASON = "quota_exceeded";

  /** Rows left alone because another writer changed them after the read (skip log reason). */
  public static final String CHANGED_CONCURRENTLY = "changedConcurrently";

  /** Rows still locked by another transaction after the retry (skip log reason). */
  public static final String ROW_LOCKED = "rowLocked";

  public static final String CHANGED_REASON = "changed_concurrently";

  /** The rows chunks found locked, one {@link RowVersion#encode} line each, for the retry pass. */
  static final String LOCKED_PENDING = "lockedRows";

  private static final int[] STATUS_TYPES = {
    Types.VARCHAR,
    Types.VARCHAR,
    Types.TIMESTAMP,
    Types.VARCHAR,
    Types.VARCHAR,
    Types.INTEGER,
    Types.TIMESTAMP
  };

  /**
   * The locked-row retry pass: its back-off, a function that reads ids again under the run's
   * selection and scores them, and the transactions to write them in.
   */
  public record LockedRowRetry(
      java.time.Duration backOff,
      java.util.function.Function<List<String>, List<ScoredRow>> reread,
      TransactionTemplate transactions) {}

  private final ScoreTable table;
  private final Dialect dialect;
  private final JdbcTemplate jdbc;
  private final SkipLog skipLog;
  private final String updateScored;
  private final String updateStatus;
  private final String updateScoredArrays;
  private final String updateStatusArrays;
  private final int[] scoredTypes;
  private final String lockable;
  private final String currentVersions;
  private final NamedParameterJdbcTemplate named;
  private final LockedRowRetry retry;
  private StepExecution stepExecution;

  /**
   * @param retry the locked-row retry pass; null: none (rows found locked stay in the context)
   */
  public ScoreWriter(
      ScoreTable table, Dialect dialect, JdbcTemplate jdbc, SkipLog skipLog, LockedRowRetry retry) {
    this.table = table;
    this.dialect = dialect;
    this.jdbc = jdbc;
    this.named = new NamedParameterJdbcTemplate(jdbc);
    this.skipLog = skipLog;
    this.retry = retry;
    this.updateScored = ScoringQueries.updateScoredIfUnchanged(table, dialect);
    this.updateStatus = ScoringQueries.updateStatusIfUnchanged(table, dialect);
    this.updateScoredArrays = ScoringQueries.updateScoredFromArrays(table);
    this.updateStatusArrays = ScoringQueries.updateStatusFromArrays(table);
    this.lockable = ScoringQueries.lockable(table);
    this.currentVersions = ScoringQueries.currentVersions(table);
    int[] base = ScoredUpdate.types(table.columns().size());
    this.scoredTypes = java.util.Arrays.copyOf(base, base.length + 3);
    this.scoredTypes[base.length] = Types.VARCHAR;
    this.scoredTypes[base.length + 1] = Types.INTEGER;
    this.scoredTypes[base.length + 2] = Types.TIMESTAMP;
  }

  @Override
  public void beforeStep(StepExecution stepExecution) {
    this.stepExecution = stepExecution;
  }

  /**
   * One scored row's UPDATE: a score and an explanation per {@link ScoreTable} column, in the
   * table's column order (null where the data could not support the score).
   */
  public record ScoredUpdate(
      String id,
      List<Integer> scores,
      List<String> explanations,
      String summaryMarkdown,
      String analysisJson) {

    public static ScoredUpdate of(ScoreTable table, String id, ScoreCard card) {
      List<Integer> scores = new ArrayList<>();
      List<String> explanations = new ArrayList<>();
      for (ScoreTable.Column column : table.columns()) {
        SubScore score =
            column.part().equals("overall") ? card.overall() : card.parts().get(column.part());
        scores.add(score == null ? null : score.value());
        explanations.add(score == null ? null : score.explanation());
      }
      return new ScoredUpdate(
          id,
          scores,
          explanations,
          card.summaryMarkdown(),
          JsonMappers.writePlain(card.analysis()));
    }

    /** The parameters of {@link ScoringQueries#updateScored}, in its order. */
    public Object[] parameters(LocalDateTime now) {
      List<Object> values = new ArrayList<>();
      for (int c = 0; c < scores.size(); c++) {
        values.add(scores.get(c));
        values.add(explanations.get(c));
      }
      values.addAll(java.util.Arrays.asList(summaryMarkdown, analysisJson, now, now, id));
      return values.toArray();
    }

    /** The SQL types of {@link #parameters}, for a table of {@code columns} score columns. */
    public static int[] types(int columns) {
      List<Integer> types = new ArrayList<>();
      for (int i = 0; i < columns; i++) {
        types.add(Types.INTEGER);
        types.add(Types.VARCHAR);
      }
      types.addAll(
          List.of(Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP, Types.TIMESTAMP, Types.VARCHAR));
      return types.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** A row that was not scored: its status (SKIPPED_EMPTY or FAILED) and "aiAnalysisJson". */
  public record StatusUpdate(String id, String status, String json) {

    static final int[] TYPES = {Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP, Types.VARCHAR};

    /** The parameters of {@link ScoringQueries#updateStatus}, in its order. */
    public Object[] parameters(LocalDateTime now) {
      return new Object[] {status, json, now, id};
    }
  }

  @Override
  public void write(Chunk<? extends ScoredRow> chunk) {
    List<ScoredRow> rows = new ArrayList<>(chunk.getItems());
    Written written = writeIfUnchanged(rows, false);
    ExecutionContext context = stepExecution.getExecutionContext();
    if (!written.deferred().isEmpty()) {
      StringBuilder pending = new StringBuilder(context.getString(LOCKED_PENDING, ""));
      for (ScoredRow row : written.deferred()) {
        pending.append(row.version().encode(row.id())).append('\n');
      }
      context.putString(LOCKED_PENDING, pending.toString());
    }
    record(written);
  }

  /**
   * The retry pass of the rows a chunk found locked: after a back-off, outside any transaction,
   * they are read again under the run's selection and scored, then written in one short transaction
   * with the same compare-and-set (against the version the chunk read). A row still locked then is
   * skipped as {@code row_locked}; it stays eligible, so the next run takes it.
   */
  @Override
  public ExitStatus afterStep(StepExecution stepExecution) {
    ExecutionContext context = stepExecution.getExecutionContext();
    String pending = context.getString(LOCKED_PENDING, "");
    if (pending.isEmpty()
        || retry == null
        || stepExecution.getStatus() != org.springframework.batch.core.BatchStatus.COMPLETED) {
      return null; // a failed or stopped step keeps them: its restart retries them
    }
    Map<String, RowVersion> asRead = new LinkedHashMap<>();
    for (String line : pending.split("\n")) {
      if (!line.isEmpty()) {
        Map.Entry<String, RowVersion> entry = RowVersion.decode(line);
        asRead.put(entry.getKey(), entry.getValue());
      }
    }
    try {
      Thread.sleep(retry.backOff().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null; // the rows stay eligible for the next run
    }
    List<ScoredRow> rows = new ArrayList<>();
    for (ScoredRow fresh : retry.reread().apply(List.copyOf(asRead.keySet()))) {
      // Compare with the version the chunk read: a row changed since then is left alone.
      rows.add(new ScoredRow(fresh.table(), fresh.id(), fresh.outcome(), asRead.get(fresh.id())));
    }
    java.util.Set<String> reread =
        rows.stream().map(ScoredRow::id).collect(java.util.stream.Collectors.toSet());
    retry
        .transactions()
        .executeWithoutResult(
            status -> {
              Written written = writeIfUnchanged(rows, true);
              List<String> gone =
                  asRead.keySet().stream().filter(id -> !reread.contains(id)).toList();
              List<SkipLog.Entry> changed = classify(gone, asRead);
              List<SkipLog.Entry> skips = new ArrayList<>(written.skips());
              skips.addAll(changed);
              record(
                  new Written(
                      written.scored(),
                      written.empty(),
                      written.failed(),
                      written.quotaExceeded(),
                      written.changed() + changed.size(),
                      written.locked(),
                      List.of(),
                      skips));
              context.remove(LOCKED_PENDING);
            });
    return null;
  }

  /**
   * What one write did: the counts of rows written per outcome, of rows left alone, the rows left
   * for the retry pass (locked), and the skip-log entries.
   */
  private record Written(
      int scored,
      int empty,
      int failed,
      int quotaExceeded,
      int changed,
      int locked,
      List<ScoredRow> deferred,
      List<SkipLog.Entry> skips) {}

  private void record(Written written) {
    skipLog.record(stepExecution.getJobExecutionId(), stepExecution.getStepName(), written.skips());
    ExecutionContext context = stepExecution.getExecutionContext();
    add(context, SCORED, written.scored());
    add(context, SKIPPED_EMPTY, written.empty());
    add(context, FAILED, written.failed());
    if (written.quotaExceeded() > 0 || context.containsKey(QUOTA_EXCEEDED)) {
      add(context, QUOTA_EXCEEDED, written.quotaExceeded());
    }
    add(context, CHANGED_CONCURRENTLY, written.changed());
    add(context, ROW_LOCKED, written.locked());
  }

  /**
   * Writes the rows that are still as read (compare-and-set) and tells the others apart. On
   * PostgreSQL the chunk's statements wait for the application's row locks at most the connection's
   * lock_timeout; when that runs out, the chunk goes back to a savepoint, writes the rows it can
   * lock now and leaves the locked ones for the retry pass ({@code lastAttempt}: skips them as
   * {@code row_locked} instead, without waiting).
   */
  private Written writeIfUnchanged(List<ScoredRow> rows, boolean lastAttempt) {
    LocalDateTime now = RunClock.nowUtc();
    List<ScoredRow> deferred = new ArrayList<>();
    List<ScoredRow> toWrite = rows;
    java.util.Set<String> written;
    if (dialect == Dialect.POSTGRESQL) {
      java.util.Set<String> locked = new java.util.HashSet<>();
      written =
          jdbc.execute(
              (ConnectionCallback<java.util.Set<String>>)
                  connection -> {
                    if (lastAttempt) {
                      locked.addAll(lockedNow(connection, rows));
                      return writeAsArrays(connection, without(rows, locked), now);
                    }
                    Savepoint savepoint = connection.setSavepoint();
                    try {
                      java.util.Set<String> done = writeAsArrays(connection, rows, now);
                      connection.releaseSavepoint(savepoint);
                      return done;
                    } catch (SQLException e) {
                      if (!LiveDatabase.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                        throw e;
                      }
                      connection.rollback(savepoint);
                      locked.addAll(lockedNow(connection, rows));
                      return writeAsArrays(connection, without(rows, locked), now);
                    }
                  });
      if (!locked.isEmpty()) {
        toWrite = without(rows, locked);
        for (ScoredRow row : rows) {
          if (locked.contains(row.id())) {
            deferred.add(row);
          }
        }
      }
    } else {
      written = writeBatched(rows, now);
    }
    int scored = 0;
    int empty = 0;
    int failed = 0;
    int quotaExceeded = 0;
    List<SkipLog.Entry> skips = new ArrayList<>();
    List<String> notWritten = new ArrayList<>();
    Map<String, RowVersion> asRead = new LinkedHashMap<>();
    for (ScoredRow row : toWrite) {
      if (!written.contains(row.id())) {
        notWritten.add(row.id());
        asRead.put(row.id(), row.version());
        continue;
      }
      ScoringOutcome outcome = row.outcome();
      if (outcome instanceof ScoringOutcome.Scored) {
        scored++;
      } else if (outcome instanceof ScoringOutcome.Empty) {
        empty++;
      } else if (outcome instanceof ScoringOutcome.Invalid i) {
        failed++;
        skips.add(new SkipLog.Entry(table.tableName(), row.id(), invalidCode(i), i.reason()));
      } else if (outcome instanceof ScoringOutcome.QuotaExceeded q) {
        quotaExceeded++;
        skips.add(
            new SkipLog.Entry(table.tableName(), row.id(), QUOTA_EXCEEDED_REASON, q.reason()));
      }
    }
    List<SkipLog.Entry> changed = classify(notWritten, asRead);
    skips.addAll(changed);
    int changedCount = changed.size();
    int locked = 0;
    if (lastAttempt) {
      // Deleted rows cannot be locked either: tell them apart from the locked ones.
      Map<String, RowVersion> lockedAsRead = new LinkedHashMap<>();
      deferred.forEach(r -> lockedAsRead.put(r.id(), r.version()));
      Map<String, RowVersion> current = currentVersions(List.copyOf(lockedAsRead.keySet()));
      for (Map.Entry<String, RowVersion> row : lockedAsRead.entrySet()) {
        if (current.containsKey(row.getKey())) {
          locked++;
          skips.add(
              new SkipLog.Entry(
                  table.tableName(),
                  row.getKey(),
                  LiveDatabase.ROW_LOCKED_REASON,
                  "row locked by another transaction for longer than the lock timeout, also after"
                      + " the retry; left for the next run"));
        } else {
          changedCount++;
          skips.add(
              new SkipLog.Entry(
                  table.tableName(), row.getKey(), CHANGED_REASON, changedReason("deleted")));
        }
      }
      deferred = List.of();
    }
    return new Written(scored, empty, failed, quotaExceeded, changedCount, locked, deferred, skips);
  }

  private static List<ScoredRow> without(List<ScoredRow> rows, java.util.Set<String> ids) {
    return ids.isEmpty() ? rows : rows.stream().filter(r -> !ids.contains(r.id())).toList();
  }

  /** PostgreSQL: which of the rows another transaction holds locked now (or that are gone). */
  private java.util.Set<String> lockedNow(java.sql.Connection connection, List<ScoredRow> rows)
      throws SQLException {
    java.util.Set<String> locked = new java.util.HashSet<>();
    rows.forEach(r -> locked.add(r.id()));
    try (PreparedStatement ps = connection.prepareStatement(lockable)) {
      ps.setArray(1, connection.createArrayOf("text", array(rows, ScoredRow::id, String.class)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          locked.remove(rs.getString(1));
        }
      }
    }
    return locked;
  }

  /** The skip-log entries of rows a compare-and-set left alone, saying what changed. */
  private List<SkipLog.Entry> classify(List<String> ids, Map<String, RowVersion> asRead) {
    List<SkipLog.Entry> entries = new ArrayList<>();
    if (ids.isEmpty()) {
      return entries;
    }
    Map<String, RowVersion> current = currentVersions(ids);
    for (String id : ids) {
      String changes = asRead.get(id).changesTo(current.get(id));
      entries.add(
          new SkipLog.Entry(
              table.tableName(),
              id,
              CHANGED_REASON,
              changedReason(
                  changes.isEmpty() ? "no longer eligible under this run's selection" : changes)));
    }
    return entries;
  }

  private static String changedReason(String changes) {
    return "changed by another writer after it was read ("
        + changes
        + "); left as that writer left it";
  }

  private Map<String, RowVersion> currentVersions(List<String> ids) {
    Map<String, RowVersion> current = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return current;
    }
    named.query(
        currentVersions,
        Map.of("ids", ids),
        rs -> {
          current.put(rs.getString("id"), FactsRowMappers.version(rs));
        });
    return current;
  }

  private static String invalidCode(ScoringOutcome.Invalid i) {
    return i.details() == null
        ? "invalid_data"
        : i.details().containsKey("code")
            ? String.valueOf(i.details().get("code"))
            : i.details().containsKey("exception") ? "scorer_error" : "invalid_data";
  }

  /** H2 (and other databases): batched single-row UPDATEs; an update count of 0 = not written. */
  private java.util.Set<String> writeBatched(List<ScoredRow> rows, LocalDateTime now) {
    java.util.Set<String> written = new java.util.HashSet<>();
    List<ScoredRow> scoredRows = new ArrayList<>();
    List<Object[]> scored = new ArrayList<>();
    List<ScoredRow> statusRows = new ArrayList<>();
    List<Object[]> status = new ArrayList<>();
    for (ScoredRow row : rows) {
      Object[] version = versionParameters(row.version());
      if (row.outcome() instanceof ScoringOutcome.Scored s) {
        scoredRows.add(row);
        scored.add(concat(ScoredUpdate.of(table, row.id(), s.card()).parameters(now), version));
      } else {
        statusRows.add(row);
        status.add(concat(statusUpdate(row).parameters(now), version));
      }
    }
    if (!scored.isEmpty()) {
      collect(written, scoredRows, jdbc.batchUpdate(updateScored, scored, scoredTypes));
    }
    if (!status.isEmpty()) {
      collect(written, statusRows, jdbc.batchUpdate(updateStatus, status, STATUS_TYPES));
    }
    return written;
  }

  private static void collect(java.util.Set<String> written, List<ScoredRow> rows, int[] counts) {
    for (int i = 0; i < counts.length; i++) {
      // SUCCESS_NO_INFO: the driver did not say; the compare-and-set cannot be told apart then.
      if (counts[i] > 0 || counts[i] == java.sql.Statement.SUCCESS_NO_INFO) {
        written.add(rows.get(i).id());
      }
    }
  }

  private static Object[] versionParameters(RowVersion v) {
    return new Object[] {v.status(), v.overallScore(), v.updatedAt()};
  }

  private static Object[] concat(Object[] a, Object[] b) {
    Object[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private StatusUpdate statusUpdate(ScoredRow row) {
    if (row.outcome() instanceof ScoringOutcome.Empty e) {
      return new StatusUpdate(
          row.id(),
          AnalysisStatus.SKIPPED_EMPTY.name(),
          statusJson(AnalysisStatus.SKIPPED_EMPTY.name(), e.reason(), null));
    }
    if (row.outcome() instanceof ScoringOutcome.QuotaExceeded q) {
      return new StatusUpdate(
          row.id(),
          AnalysisStatus.QUOTA_EXCEEDED.name(),
          statusJson(AnalysisStatus.QUOTA_EXCEEDED.name(), q.reason(), q.details()));
    }
    ScoringOutcome.Invalid i = (ScoringOutcome.Invalid) row.outcome();
    return new StatusUpdate(
        row.id(),
        AnalysisStatus.FAILED.name(),
        statusJson(AnalysisStatus.FAILED.name(), i.reason(), i.details()));
  }

  /**
   * PostgreSQL: one UPDATE … FROM unnest(arrays) per kind of outcome for the whole chunk, each
   * returning the ids it wrote.
   */
  private java.util.Set<String> writeAsArrays(
      java.sql.Connection connection, List<ScoredRow> rows, LocalDateTime now) throws SQLException {
    java.util.Set<String> written = new java.util.HashSet<>();
    List<ScoredUpdate> scored = new ArrayList<>();
    List<RowVersion> scoredVersions = new ArrayList<>();
    List<StatusUpdate> statusOnly = new ArrayList<>();
    List<RowVersion> statusVersions = new ArrayList<>();
    for (ScoredRow row : rows) {
      if (row.outcome() instanceof ScoringOutcome.Scored s) {
        scored.add(ScoredUpdate.of(table, row.id(), s.card()));
        scoredVersions.add(row.version());
      } else {
        statusOnly.add(statusUpdate(row));
        statusVersions.add(row.version());
      }
    }
    if (!scored.isEmpty()) {
      int columns = table.columns().size();
      try (PreparedStatement ps = connection.prepareStatement(updateScoredArrays)) {
        ps.setObject(1, now);
        ps.setObject(2, now);
        ps.setArray(
            3, connection.createArrayOf("text", array(scored, ScoredUpdate::id, String.class)));
        for (int c = 0; c < columns; c++) {
          int column = c;
          ps.setArray(
              4 + 2 * c,
              connection.createArrayOf(
                  "int4", array(scored, u -> u.scores().get(column), Integer.class)));
          ps.setArray(
              5 + 2 * c,
              connection.createArrayOf(
                  "text", array(scored, u -> u.explanations().get(column), String.class)));
        }
        ps.setArray(
            4 + 2 * columns,
            connection.createArrayOf(
                "text", array(scored, ScoredUpdate::summaryMarkdown, String.class)));
        ps.setArray(
            5 + 2 * columns,
            connection.createArrayOf(
                "text", array(scored, ScoredUpdate::analysisJson, String.class)));
        setVersions(connection, ps, 6 + 2 * columns, scoredVersions);
        returned(ps, written);
      }
    }
    if (!statusOnly.isEmpty()) {
      try (PreparedStatement ps = connection.prepareStatement(updateStatusArrays)) {
        ps.setObject(1, now);
        ps.setArray(
            2, connection.createArrayOf("text", array(statusOnly, StatusUpdate::id, String.class)));
        ps.setArray(
            3,
            connection.createArrayOf(
                "text", array(statusOnly, StatusUpdate::status, String.class)));
        ps.setArray(
            4,
            connection.createArrayOf("text", array(statusOnly, StatusUpdate::json, String.class)));
        setVersions(connection, ps, 5, statusVersions);
        returned(ps, written);
      }
    }
    return written;
  }

  /** The version arrays (status, score, "updatedAt" as text) from parameter {@code first} on. */
  private static void setVersions(
      java.sql.Connection connection, PreparedStatement ps, int first, List<RowVersion> versions)
      throws SQLException {
    ps.setArray(
        first, connection.createArrayOf("text", array(versions, RowVersion::status, String.class)));
    ps.setArray(
        first + 1,
        connection.createArrayOf("int4", array(versions, RowVersion::overallScore, Integer.class)));
    ps.setArray(
        first + 2,
        connection.createArrayOf(
            "text",
            array(
                versions,
                v -> v.updatedAt() == null ? null : v.updatedAt().toString(),
                String.class)));
  }

  private static void returned(PreparedStatement ps, java.util.Set<String> ids)
      throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
  }

  /** One field of every row, as the array PostgreSQL's unnest takes. */
  @SuppressWarnings("unchecked")
  private static <R, T> T[] array(
      List<R> rows, java.util.function.Function<R, T> field, Class<T> type) {
    T[] values = (T[]) java.lang.reflect.Array.newInstance(type, rows.size());
    for (int i = 0; i < rows.size(); i++) {
      values[i] = field.apply(rows.get(i));
    }
    return values;
  }

  private String statusJson(String status, String reason, Map<String, Object> details) {
    return statusJson(table, status, reason, details);
  }

  /** The "aiAnalysisJson" of a row that was not scored (SKIPPED_EMPTY or FAILED). */
  public static String statusJson(
      ScoreTable table, String status, String reason, Map<String, Object> details) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scorer", table.scorerName());
    json.put("status", status);
    json.put("reason", reason);
    if (details != null && !details.isEmpty()) {
      json.put("details", details);
    }
    return JsonMappers.writePlain(json);
  }

  private static void add(ExecutionContext context, String key, int n) {
    context.putLong(key, context.getLong(key, 0L) + n);
  }
}
