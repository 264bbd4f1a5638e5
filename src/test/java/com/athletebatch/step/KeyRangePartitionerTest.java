package com.athletebatch.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The partitioner's ranges and each partition's size (its first execution's exact progress total),
 * with known answers over the keys k001, k002, …
 */
class KeyRangePartitionerTest {

  /** Keys {@code k001 … kNNN}, in order. */
  private static KeyRangePartitioner.Keys keys(int count) {
    return new KeyRangePartitioner.Keys() {
      @Override
      public long count() {
        return count;
      }

      @Override
      public List<String> atRanks(List<Long> ranks) {
        List<String> found = new ArrayList<>();
        for (long rank : ranks) {
          found.add(String.format("k%03d", rank));
        }
        return found;
      }
    };
  }

  @Test
  void sizesAreTheKeysInEachRange() {
    record Case(int keys, int partitions, List<Long> sizes, List<String> ranges) {}
    for (Case c :
        List.of(
            new Case(10, 3, List.of(3L, 3L, 4L), List.of("[…, k004)", "[k004, k007)", "[k007, …)")),
            new Case(9, 3, List.of(3L, 3L, 3L), List.of("[…, k004)", "[k004, k007)", "[k007, …)")),
            new Case(2, 3, List.of(0L, 1L, 1L), List.of("[…, k001)", "[k001, k002)", "[k002, …)")),
            new Case(0, 2, List.of(0L, 0L), List.of("[…, …)", "(no keys)")),
            // one partition: nothing is counted, the size is unknown (-1): the step counts
            new Case(5, 1, List.of(-1L), List.of("[…, …)")))) {
      List<KeyRange> ranges = KeyRangePartitioner.ranges(c.partitions(), keys(c.keys()));
      assertThat(ranges).extracting(KeyRange::size).as("%s", c).isEqualTo(c.sizes());
      assertThat(ranges).extracting(KeyRange::describe).as("%s", c).isEqualTo(c.ranges());
    }
  }

  @Test
  void eachPartitionsContextHoldsItsRangeAndSize() {
    var contexts = new KeyRangePartitioner(keys(10)).partition(3);
    assertThat(contexts.keySet()).containsExactly("partition0", "partition1", "partition2");
    ExecutionContext middle = contexts.get("partition1");
    assertThat(middle.getString(KeyRange.FROM)).isEqualTo("k004");
    assertThat(middle.getString(KeyRange.TO)).isEqualTo("k007");
    assertThat(middle.getLong(KeyRange.SIZE)).isEqualTo(3);
    assertThat(KeyRange.of(middle)).contains(new KeyRange(1, 3, "k004", "k007", false, 3));
  }
}
