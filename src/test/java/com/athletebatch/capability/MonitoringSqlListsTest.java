package com.athletebatch.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.capability.events.EventTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The monitoring SQL ({@code sql/monitoring/}) keeps its lists as literals, so that it runs in psql
 * as it is; these lists must be the code's: the capability keys ({@link CapabilityEstimator#KEYS})
 * and the capability event types ({@link EventTypes#CAPABILITY}).
 */
class MonitoringSqlListsTest {

  @ParameterizedTest
  @ValueSource(strings = {"capability-coverage.sql", "capability-lag.sql"})
  void eventTypesAreTheCodes(String file) throws IOException {
    assertThat(literalList(file, "event_type")).isEqualTo(EventTypes.CAPABILITY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"capability-coverage.sql"})
  void capabilityKeysAreTheCodes(String file) throws IOException {
    assertThat(literalList(file, "key")).isEqualTo(CapabilityEstimator.KEYS);
  }

  private static List<String> literalList(String file, String column) throws IOException {
    String sql = Files.readString(Path.of("sql/monitoring", file));
    Matcher m = Pattern.compile("\\b" + column + " IN \\(([^)]*)\\)").matcher(sql);
    assertThat(m.find()).as(file + " has " + column + " IN (…)").isTrue();
    return Arrays.stream(m.group(1).split(","))
        .map(s -> s.strip().replaceAll("^'|'$", ""))
        .toList();
  }
}
