package com.athletebatch.demo;

import static com.athletebatch.json.JsonMappers.MAPPER;
import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.capability.CapabilityEstimator;
import com.athletebatch.capability.CapabilityOutputJson;
import com.athletebatch.capability.UserEstimate;
import com.athletebatch.capability.events.CapabilityEvent;
import com.athletebatch.capability.events.EventIssue;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pins the bytes the capability job writes for a generated dataset: every user's four projection
 * documents ({@link CapabilityOutputJson#renderAll}, what {@code ProjectionWriter} upserts), the
 * newest event id, and every issue (the skip log's code and reason), for the demo generator's
 * events (seed 42 and 7, about 1.5 % of them deliberately malformed, with corrections and
 * retractions) read back from the database as the job reads them. The digest was taken before the
 * event parser read events with the streaming parser (issue 17, part 2), so any change in what the
 * job writes fails here.
 */
class CapabilityOutputGoldenTest {

  static final OffsetDateTime AS_OF =
      LocalDate.of(2026, 3, 1).atStartOfDay().atOffset(ZoneOffset.UTC);

  private static final String WRITTEN_OUTPUT_SHA256 =
      "4b26617cfa26872e873f34ef7c00433178eccded2278be21b4f2c307018d76ba";

  @Test
  void theProjectionsAndIssuesWrittenForAGeneratedDatasetAreUnchanged() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    CapabilityEstimator estimator = new CapabilityEstimator();
    int users = 0;
    int issues = 0;
    for (long seed : new long[] {42L, 7L}) {
      for (Map.Entry<UUID, List<CapabilityEvent>> e : events(seed, 60, 12_000).entrySet()) {
        UserEstimate u = estimator.estimateUser(e.getKey(), e.getValue(), AS_OF);
        StringBuilder text = new StringBuilder().append(u.userId()).append(' ');
        text.append(u.newestEventId()).append('\n');
        CapabilityOutputJson.renderAll(u)
            .forEach((k, json) -> text.append(k).append(' ').append(json).append('\n'));
        for (EventIssue i : u.issues()) {
          text.append(i.eventId()).append(' ').append(i.code()).append(' ').append(i.reason());
          text.append('\n');
          issues++;
        }
        sha.update(text.toString().getBytes(StandardCharsets.UTF_8));
        users++;
      }
    }
    assertThat(users).isGreaterThan(100);
    assertThat(issues).isGreaterThan(100);
    assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(WRITTEN_OUTPUT_SHA256);
  }

  /**
   * Not a check: the thread CPU time per event of the estimation path (parse, resolve, extract,
   * estimate, render), the least of K rounds over the same generated events. Run with {@code
   * -Dcapability.cpu.harness=true}.
   */
  @Test
  @EnabledIfSystemProperty(named = "capability.cpu.harness", matches = "true")
  void cpuPerEvent() {
    Map<UUID, List<CapabilityEvent>> byUser = events(42L, 100, 50_000);
    int n = byUser.values().stream().mapToInt(List::size).sum();
    CapabilityEstimator estimator = new CapabilityEstimator();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int rounds = Integer.getInteger("capability.cpu.rounds", 30);
    long best = Long.MAX_VALUE;
    for (int r = 0; r < rounds; r++) {
      long t0 = mx.getCurrentThreadCpuTime();
      int sink = 0;
      for (Map.Entry<UUID, List<CapabilityEvent>> e : byUser.entrySet()) {
        UserEstimate u = estimator.estimateUser(e.getKey(), e.getValue(), AS_OF);
        sink += CapabilityOutputJson.renderAll(u).size();
      }
      long cpu = mx.getCurrentThreadCpuTime() - t0;
      best = Math.min(best, cpu);
      System.out.printf("round %d: %.2f us/event (%d)%n", r, cpu / 1000.0 / n, sink);
    }
    System.out.printf(
        "CPU per event, least of %d rounds over %d events: %.2f us%n",
        rounds, n, best / 1000.0 / n);
  }

  /**
   * Not a check: thread CPU time per event of parsing the same events' data, the least of 30
   * rounds: {@code readTree} of the text (what the job does), of its UTF-8 bytes, and Jackson's
   * tokens alone (the floor of any parse with Jackson's parser). Run with {@code
   * -Dcapability.cpu.harness=true}.
   */
  @Test
  @EnabledIfSystemProperty(named = "capability.cpu.harness", matches = "true")
  void parseCpuPerEvent() {
    List<String> texts = new ArrayList<>();
    events(42L, 100, 50_000).values().forEach(l -> l.forEach(e -> texts.add(e.dataJson())));
    texts.removeIf(t -> t == null || t.isBlank());
    List<byte[]> bytes = texts.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    String[] ways = {"readTree(text)", "readTree(bytes)", "tokens(text)", "tokens(bytes)"};
    long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    for (int round = 0; round < 30; round++) {
      for (int way = 0; way < ways.length; way++) {
        long t0 = mx.getCurrentThreadCpuTime();
        long sink = 0;
        for (int i = 0; i < texts.size(); i++) {
          try {
            sink += parse(way, texts.get(i), bytes.get(i));
          } catch (tools.jackson.core.JacksonException malformed) {
            sink--;
          }
        }
        best[way] = Math.min(best[way], mx.getCurrentThreadCpuTime() - t0);
        assertThat(sink).isNotZero();
      }
    }
    for (int way = 0; way < ways.length; way++) {
      System.out.printf(
          "%s: %.3f us per event (%d events)%n",
          ways[way], best[way] / 1000.0 / texts.size(), texts.size());
    }
  }

  private static long parse(int way, String text, byte[] bytes) {
    if (way < 2) {
      return (way == 0 ? MAPPER.readTree(text) : MAPPER.readTree(bytes)).size();
    }
    long tokens = 0;
    try (tools.jackson.core.JsonParser p =
        way == 2 ? MAPPER.createParser(text) : MAPPER.createParser(bytes)) {
      while (p.nextToken() != null) {
        tokens++;
      }
    }
    return tokens;
  }

  static Map<UUID, List<CapabilityEvent>> events(long seed, int users, int events) {
    DataSource ds = H2TestDatabase.fresh("capability_golden");
    DomainSchema.createIfMissing(ds);
    new DemoDataGenerator()
        .generate(ds, new DemoOptions(users, 0, 0, events, seed), AS_OF.toLocalDate());
    return DemoEventRows.byUser(new JdbcTemplate(ds), "");
  }
}
