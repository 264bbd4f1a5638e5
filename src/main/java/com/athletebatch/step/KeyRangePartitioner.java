package com.athletebatch.step;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.partition.PartitionNameProvider;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Splits a step's keys into {@code n} ranges of about equal size, with boundaries taken from the
 * data (the keys at ranks k/n, 2k/n, …), so that text and UUID keys split evenly too.
 *
 * <p>Always exactly {@code n} partitions with stable names ({@code partition0}, …), and it names
 * them without querying ({@link PartitionNameProvider}): on a restart Spring Batch then reuses each
 * unfinished partition's own execution context (its range and reader position) and skips the
 * completed ones.
 */
public class KeyRangePartitioner implements Partitioner, PartitionNameProvider {

  /** The data's side: how many keys there are, and the keys at the given 1-based ranks. */
  public interface Keys {
    long count();

    /** The keys at these ranks (ascending, each within 1..count), in rank order. */
    List<String> atRanks(List<Long> ranks);
  }

  /**
   * The job parameter {@code --partitions} sets. Not identifying: rerunning a failed run's command
   * restarts it, and a restart keeps the partitions of the run it resumes.
   */
  public static final String PARAMETER = "partitions";

  /** The partitions a run asked for; 0 for an unpartitioned run. */
  public static int requested(JobParameters parameters) {
    Long n = parameters.getLong(PARAMETER);
    return n == null ? 0 : n.intValue();
  }

  private final Keys keys;

  /**
   * Keys from SQL: {@code countSql} counts the step's keys, {@code ranksSql} returns the keys (as
   * text) whose rank in the key order is in the bound list {@code :ranks}, in rank order; both take
   * {@code params}.
   */
  public static Keys sqlKeys(
      DataSource dataSource, String countSql, String ranksSql, Map<String, Object> params) {
    NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource);
    return new Keys() {
      @Override
      public long count() {
        Long n = jdbc.queryForObject(countSql, params, Long.class);
        return n == null ? 0 : n;
      }

      @Override
      public List<String> atRanks(List<Long> ranks) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("ranks", ranks);
        return jdbc.queryForList(ranksSql, all, String.class);
      }
    };
  }

  public KeyRangePartitioner(Keys keys) {
    this.keys = keys;
  }

  public static String name(int index) {
    return "partition" + index;
  }

  @Override
  public Collection<String> getPartitionNames(int gridSize) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < gridSize; i++) {
      names.add(name(i));
    }
    return names;
  }

  @Override
  public Map<String, ExecutionContext> partition(int gridSize) {
    List<KeyRange> ranges = ranges(gridSize, keys);
    Map<String, ExecutionContext> result = new LinkedHashMap<>();
    for (KeyRange range : ranges) {
      ExecutionContext context = new ExecutionContext();
      range.writeTo(context);
      result.put(name(range.index()), context);
    }
    return result;
  }

  /**
   * The ranges: boundary i (1..n-1) is the key at rank floor(i*k/n)+1, so partition sizes differ by
   * at most one key. With fewer keys than partitions some boundaries repeat and those partitions
   * are empty ranges; with no keys at all, partition 0 takes the whole (empty) key space.
   */
  static List<KeyRange> ranges(int n, Keys keys) {
    if (n < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, not " + n);
    }
    long k = n == 1 ? 0 : keys.count();
    // partition 0's size when it takes the whole key space: known only when the keys were counted
    long wholeSize = n == 1 ? -1 : k;
    List<String> boundaries = new ArrayList<>();
    if (k > 0) {
      List<Long> ranks = new ArrayList<>();
      for (int i = 1; i < n; i++) {
        long rank = Math.floorDiv(i * k, n) + 1;
        if (ranks.isEmpty() || ranks.get(ranks.size() - 1) != rank) {
          ranks.add(rank);
        }
      }
      Map<Long, String> byRank = new LinkedHashMap<>();
      List<String> found = keys.atRanks(ranks);
      for (int i = 0; i < ranks.size() && i < found.size(); i++) {
        byRank.put(ranks.get(i), found.get(i));
      }
      for (int i = 1; i < n; i++) {
        boundaries.add(byRank.get(Math.floorDiv(i * k, n) + 1));
      }
      // Keys deleted between the two queries leave ranks without a key: such a boundary takes
      // the next one found (else the last), so ranges stay disjoint; some then are empty.
      for (int i = boundaries.size() - 2; i >= 0; i--) {
        if (boundaries.get(i) == null) {
          boundaries.set(i, boundaries.get(i + 1));
        }
      }
      for (int i = 1; i < boundaries.size(); i++) {
        if (boundaries.get(i) == null) {
          boundaries.set(i, boundaries.get(i - 1));
        }
      }
      if (boundaries.isEmpty() || boundaries.get(0) == null) {
        k = 0;
        wholeSize = -1;
      }
    }
    List<KeyRange> ranges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (k == 0) {
        ranges.add(new KeyRange(i, n, null, null, i > 0, i > 0 ? 0 : wholeSize));
        continue;
      }
      String from = i == 0 ? null : boundaries.get(i - 1);
      String to = i == n - 1 ? null : boundaries.get(i);
      boolean empty = from != null && from.equals(to);
      // ranks floor(i*k/n)+1 .. floor((i+1)*k/n): exact unless keys changed between the queries
      long size = empty ? 0 : Math.floorDiv((i + 1) * k, n) - Math.floorDiv(i * k, n);
      ranges.add(new KeyRange(i, n, from, to, empty, size));
    }
    return ranges;
  }
}
