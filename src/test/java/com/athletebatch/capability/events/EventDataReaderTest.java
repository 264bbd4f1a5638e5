package com.athletebatch.capability.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.athletebatch.json.JsonMappers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The streaming read ({@link EventDataReader}) against the oracle, the whole tree read with {@code
 * readTree} ({@code new EventResolver(false)}): the same resolution (standing events, issues,
 * counts) and the same observations and issues from the extractor, on the reference examples and on
 * many generated events, well-formed and not. The generated events use, as keys and as text values,
 * every string literal of this package's parsers (so a field a parser reads but {@link
 * EventDataReader#READ} leaves out shows up here), with values of every JSON type, numbers as text,
 * NaN and overflowing numbers, duplicate keys, nesting, corrections and retractions of each other,
 * and malformed text.
 */
class EventDataReaderTest {

  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  private static final List<String> TYPES =
      List.of(
          EventTypes.SET_LOGGED,
          EventTypes.SESSION_LOGGED,
          EventTypes.EXTERNAL_ACTIVITY,
          EventTypes.BODYWEIGHT_LOGGED,
          EventTypes.RETRACTED,
          EventTypes.SET_CORRECTED,
          "note.added");

  /** Every string literal of the parsers: field names, block types, units, states. */
  private static final List<String> WORDS = literals();

  /** The reference examples' data by event type, mutated by the generator. */
  private static final Map<String, List<JsonNode>> EXAMPLES = examples();

  @Test
  void generatedEventsReadTheSameAsTheirWholeTree() {
    SplittableRandom r = new SplittableRandom(17);
    int events = 0, issues = 0, observations = 0, readTrees = 0;
    for (int user = 0; user < 4000; user++) {
      List<CapabilityEvent> list = new ArrayList<>();
      List<UUID> ids = new ArrayList<>();
      int n = 1 + r.nextInt(30);
      for (int i = 0; i < n; i++) {
        UUID id = new UUID(0x0190_0000_0000_7000L + user, 0x8000_0000_0000_0000L + i);
        ids.add(id);
        String type = TYPES.get(r.nextInt(TYPES.size()));
        list.add(new CapabilityEvent(id, null, T0.plusSeconds(i), type, event(r, type, ids)));
      }
      if (r.nextInt(10) == 0 && !list.isEmpty()) {
        list.add(list.get(r.nextInt(list.size()))); // a duplicate id
      }
      events += list.size();
      Compared c = compare(list);
      issues += c.issues;
      observations += c.observations;
      readTrees += c.fallbacks;
    }
    // the corpus reaches the parsers and their checks, and the readTree path is taken too
    assertThat(events).isGreaterThan(50_000);
    assertThat(observations).isGreaterThan(2_000);
    assertThat(issues).isGreaterThan(10_000);
    assertThat(readTrees).isGreaterThan(1_000).isLessThan(events / 2);
    System.out.printf(
        "%d events, %d issues, %d observations, %d read with readTree%n",
        events, issues, observations, readTrees);
  }

  @Test
  void referenceExamplesAndTheirCorrectionsReadTheSame() throws IOException {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream("/kura-event-examples.json")) {
      root = JsonMappers.MAPPER.readTree(in);
    }
    List<CapabilityEvent> all = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, JsonNode> type : root.properties()) {
      if (type.getKey().startsWith("_")) {
        continue;
      }
      for (JsonNode example : type.getValue()) {
        UUID id = new UUID(0x0190_0000_0000_7000L, i);
        all.add(
            new CapabilityEvent(
                id,
                null,
                T0.plusSeconds(i++),
                type.getKey(),
                JsonMappers.MAPPER.writeValueAsString(example.get("data"))));
      }
    }
    assertThat(all).hasSizeGreaterThan(10);
    Compared c = compare(all);
    assertThat(c.observations).isGreaterThan(5);
    assertThat(c.fallbacks).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"weight_kg\":100,\"reps\":5,\"reps\":6}",
        "{\"weight_kg\":100,\"note\":1,\"note\":2}",
        "{\"weight_kg\":1e400,\"reps\":5}",
        "{\"weight_kg\":NaN,\"reps\":5}",
        "{\"weight_kg\":\"NaN\",\"reps\":5}",
        "{\"weight_kg\":123456789012345678901234567890,\"reps\":5}",
        "{\"weight_kg\":100,\"reps\":5} trailing",
        "{\"weight_kg\":100,\"reps\":5}}",
        "{\"weight_kg\":100,\"reps\":5",
        "{\"weight_kg\":100,\"skipped\":{\"a\":[1,2}}",
        "{'weight_kg':100}",
        "[{\"weight_kg\":100,\"reps\":5}]",
        "\"text\"",
        "null",
        "12",
        "{\"load_context\":{\"comparability_group\":\"a\",\"comparability_group\":\"b\"}}",
        "{\"exercise\":\"squat\",\"weight_kg\":100,\"reps\":5,\"rpe\":8.5,\"rir\":\"1,5\"}",
      })
  void edgeCasesReadTheSame(String json) {
    UUID id = new UUID(0x0190_0000_0000_7000L, 1);
    compare(List.of(new CapabilityEvent(id, null, T0, EventTypes.SET_LOGGED, json)));
  }

  @Test
  void aWellFormedEventKeepsOnlyTheFieldsItsTypeReads() {
    ObjectNode d =
        EventDataReader.read(
            "{\"note\":{\"deep\":[1,{\"x\":null}]},\"weight_kg\":80.5,\"reps\":5,\"extra\":\"x\"}",
            EventTypes.SET_LOGGED);
    assertThat(d.toString()).isEqualTo("{\"weight_kg\":80.5,\"reps\":5}");
    assertThat(EventDataReader.read("{\"a\":1}", "note.added").isEmpty()).isTrue();
    assertThat(EventDataReader.read("{\"a\":1", "note.added")).isNull();
    assertThat(EventDataReader.read("[]", EventTypes.SET_LOGGED)).isNull();
  }

  /**
   * Not a check: thread CPU time per event of resolving and extracting the demo generator's events,
   * whole trees (before) and streaming (after), in alternating rounds, the least of each. Run with
   * {@code -Dcapability.cpu.harness=true}.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(
      named = "capability.cpu.harness",
      matches = "true")
  void cpuPerEventWholeTreeAgainstStreaming() {
    Map<UUID, List<CapabilityEvent>> byUser =
        com.athletebatch.demo.CapabilityOutputGoldenTest.events(42L, 100, 50_000);
    int n = byUser.values().stream().mapToInt(List::size).sum();
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    int rounds = Integer.getInteger("capability.cpu.rounds", 30);
    long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
    for (int round = 0; round < rounds; round++) {
      for (int way = 0; way < 2; way++) {
        EventResolver resolver = new EventResolver(way == 1);
        ObservationExtractor extractor = new ObservationExtractor();
        long t0 = mx.getCurrentThreadCpuTime();
        int sink = 0;
        for (List<CapabilityEvent> events : byUser.values()) {
          sink += extractor.extract(resolver.resolve(events).events()).size();
        }
        long cpu = mx.getCurrentThreadCpuTime() - t0;
        best[way] = Math.min(best[way], cpu);
        System.out.printf(
            "round %d %s: %.3f us/event (%d)%n",
            round, way == 0 ? "whole tree" : "streaming", cpu / 1000.0 / n, sink);
      }
    }
    System.out.printf(
        "resolve + extract per event, least of %d rounds over %d events: whole tree %.3f us,"
            + " streaming %.3f us%n",
        rounds, n, best[0] / 1000.0 / n, best[1] / 1000.0 / n);
  }

  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(
      named = "capability.parse.harness",
      matches = "true")
  void parseOnly() throws Exception {
    List<CapabilityEvent> all = new ArrayList<>();
    com.athletebatch.demo.CapabilityOutputGoldenTest.events(42L, 100, 50_000)
        .values()
        .forEach(all::addAll);
    long chars = 0, fall = 0, keptChars = 0;
    Map<String, Integer> types = new java.util.TreeMap<>();
    for (CapabilityEvent e : all) {
      if (e.dataJson() == null) continue;
      chars += e.dataJson().length();
      types.merge(e.eventType(), 1, Integer::sum);
      ObjectNode d = EventDataReader.read(e.dataJson(), e.eventType());
      if (d == null) fall++;
      else keptChars += d.toString().length();
    }
    System.out.printf(
        "%d events, %d chars, %d kept chars, %d fallbacks, types %s%n",
        all.size(), chars, keptChars, fall, types);
    List<byte[]> bytes =
        all.stream()
            .map(
                e ->
                    e.dataJson() == null
                        ? new byte[0]
                        : e.dataJson().getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .toList();
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long[] best = new long[5];
    java.util.Arrays.fill(best, Long.MAX_VALUE);
    for (int round = 0; round < 30; round++) {
      for (int way = 0; way < 5; way++) {
        long t0 = mx.getCurrentThreadCpuTime();
        int sink = 0;
        for (int i = 0; i < all.size(); i++) {
          CapabilityEvent e = all.get(i);
          String j = e.dataJson();
          if (j == null || j.isBlank()) continue;
          try {
            switch (way) {
              case 0 -> sink += JsonMappers.MAPPER.readTree(j).size();
              case 1 -> {
                ObjectNode d = EventDataReader.read(j, e.eventType());
                sink += d == null ? 0 : d.size();
              }
              case 2 -> {
                try (tools.jackson.core.JsonParser p = JsonMappers.MAPPER.createParser(j)) {
                  while (p.nextToken() != null) sink++;
                }
              }
              case 3 -> {
                try (tools.jackson.core.JsonParser p =
                    JsonMappers.MAPPER.createParser(bytes.get(i))) {
                  while (p.nextToken() != null) sink++;
                }
              }
              default -> sink += JsonMappers.MAPPER.readTree(bytes.get(i)).size();
            }
          } catch (tools.jackson.core.JacksonException ex) {
            sink--;
          }
        }
        best[way] = Math.min(best[way], mx.getCurrentThreadCpuTime() - t0);
      }
    }
    System.out.printf(
        "per event: readTree(String) %.3f, streaming read %.3f, tokens(String) %.3f, tokens(bytes) %.3f, readTree(bytes) %.3f us%n",
        best[0] / 1000.0 / all.size(),
        best[1] / 1000.0 / all.size(),
        best[2] / 1000.0 / all.size(),
        best[3] / 1000.0 / all.size(),
        best[4] / 1000.0 / all.size());
  }

  private record Compared(int issues, int observations, int fallbacks) {}

  /** Both reads of the same events agree; returns what the comparison covered. */
  private static Compared compare(List<CapabilityEvent> events) {
    EventResolver.Resolution old = new EventResolver(false).resolve(events);
    EventResolver.Resolution now = new EventResolver(true).resolve(events);
    assertThat(now.issues()).as("%s", events).isEqualTo(old.issues());
    assertThat(now.retracted()).isEqualTo(old.retracted());
    assertThat(now.correctionsApplied()).isEqualTo(old.correctionsApplied());
    assertThat(now.events()).hasSameSizeAs(old.events());
    int fallbacks = 0;
    for (int i = 0; i < old.events().size(); i++) {
      ResolvedEvent o = old.events().get(i), n = now.events().get(i);
      assertThat(n.source()).isEqualTo(o.source());
      assertThat(n.eventType()).isEqualTo(o.eventType());
      ObjectNode kept = o.data().deepCopy();
      kept.retain(EventDataReader.READ.getOrDefault(o.eventType(), java.util.Set.of()));
      ObjectNode nowKept = n.data().deepCopy();
      nowKept.retain(EventDataReader.READ.getOrDefault(o.eventType(), java.util.Set.of()));
      assertThat(nowKept).as("%s", o.data()).isEqualTo(kept);
    }
    for (CapabilityEvent e : events) {
      boolean blank = e.dataJson() == null || e.dataJson().isBlank();
      fallbacks += !blank && EventDataReader.read(e.dataJson(), e.eventType()) == null ? 1 : 0;
    }
    Observations a = new ObservationExtractor().extract(old.events());
    Observations b = new ObservationExtractor().extract(now.events());
    assertThat(b.strengthSets).isEqualTo(a.strengthSets);
    assertThat(b.sprintEfforts).isEqualTo(a.sprintEfforts);
    assertThat(b.jumps).isEqualTo(a.jumps);
    assertThat(b.enduranceEfforts).isEqualTo(a.enduranceEfforts);
    assertThat(b.thresholdReferences).isEqualTo(a.thresholdReferences);
    assertThat(b.issues).isEqualTo(a.issues);
    assertThat(b.bodyWeightKg).isEqualTo(a.bodyWeightKg);
    assertThat(b.timezone).isEqualTo(a.timezone);
    return new Compared(old.issues().size() + a.issues.size(), a.size(), fallbacks);
  }

  /** One event's data text: usually an object of its type's fields and others, sometimes broken. */
  private static String event(SplittableRandom r, String type, List<UUID> ids) {
    StringBuilder s = new StringBuilder();
    int shape = r.nextInt(20);
    List<JsonNode> examples = EXAMPLES.getOrDefault(type, List.of());
    if (shape == 0) {
      value(r, s, ids, 3);
    } else if (shape < 12 && !examples.isEmpty()) {
      mutated(r, s, ids, examples.get(r.nextInt(examples.size())));
    } else {
      object(r, s, ids, 3, type);
    }
    String text = s.toString();
    return switch (r.nextInt(25)) {
      case 0 -> text.substring(0, r.nextInt(text.length())); // truncated
      case 1 -> text + (r.nextBoolean() ? " trailing" : "}");
      case 2 -> {
        int at = r.nextInt(text.length());
        yield text.substring(0, at) + "{[:,\"'x".charAt(r.nextInt(7)) + text.substring(at);
      }
      case 3 -> r.nextBoolean() ? "" : "  ";
      default -> text;
    };
  }

  /**
   * A reference example with a few leaves replaced by random values and, sometimes, a key of any
   * parser added or repeated at the top.
   */
  private static void mutated(SplittableRandom r, StringBuilder s, List<UUID> ids, JsonNode ex) {
    JsonNode copy = ex.deepCopy();
    List<String> raw = new ArrayList<>();
    mutate(r, copy, raw, ids);
    String text = copy.toString();
    for (int i = 0; i < raw.size(); i++) {
      text = text.replace("\"\\u0001" + i + "\"", raw.get(i));
    }
    if (r.nextInt(3) == 0 && text.startsWith("{") && text.length() > 2) {
      StringBuilder extra = new StringBuilder("{\"");
      extra.append(WORDS.get(r.nextInt(WORDS.size()))).append("\":");
      value(r, extra, ids, 2);
      text = extra.append(',').append(text.substring(1)).toString();
    }
    s.append(text);
  }

  private static void mutate(SplittableRandom r, JsonNode node, List<String> raw, List<UUID> ids) {
    if (node instanceof ObjectNode o) {
      for (String k : new ArrayList<>(o.propertyNames())) {
        JsonNode v = o.get(k);
        if (v.isContainer()) {
          mutate(r, v, raw, ids);
        } else if (r.nextInt(8) == 0) {
          StringBuilder b = new StringBuilder();
          value(r, b, ids, 1);
          o.put(k, "\u0001" + raw.size());
          raw.add(b.toString());
        }
      }
    } else if (node instanceof tools.jackson.databind.node.ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isContainer()) {
          mutate(r, a.get(i), raw, ids);
        } else if (r.nextInt(8) == 0) {
          StringBuilder b = new StringBuilder();
          value(r, b, ids, 1);
          a.set(i, "\u0001" + raw.size());
          raw.add(b.toString());
        }
      }
    }
  }

  private static Map<String, List<JsonNode>> examples() {
    JsonNode root;
    try (InputStream in =
        EventDataReaderTest.class.getResourceAsStream("/kura-event-examples.json")) {
      root = JsonMappers.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, List<JsonNode>> byType = new java.util.HashMap<>();
    for (Map.Entry<String, JsonNode> type : root.properties()) {
      if (!type.getKey().startsWith("_")) {
        for (JsonNode example : type.getValue()) {
          byType.computeIfAbsent(type.getKey(), k -> new ArrayList<>()).add(example.get("data"));
        }
      }
    }
    return byType;
  }

  private static void object(
      SplittableRandom r, StringBuilder s, List<UUID> ids, int depth, String type) {
    s.append('{');
    int n = r.nextInt(depth > 0 ? 9 : 3);
    List<String> keys = new ArrayList<>();
    if (type != null) {
      keys.addAll(EventDataReader.READ.getOrDefault(type, java.util.Set.of()));
    }
    for (int i = 0; i < n; i++) {
      String key =
          !keys.isEmpty() && r.nextInt(3) > 0
              ? keys.get(r.nextInt(keys.size()))
              : WORDS.get(r.nextInt(WORDS.size()));
      if (i > 0) {
        s.append(',');
      }
      s.append('"').append(key).append("\":");
      if (r.nextInt(4) == 0 && depth > 0) {
        // blocks, sets and splits: arrays of objects
        s.append('[');
        for (int k = r.nextInt(4); k > 0; k--) {
          object(r, s, ids, depth - 1, null);
          s.append(k > 1 ? "," : "");
        }
        s.append(']');
      } else {
        value(r, s, ids, depth - 1);
      }
    }
    s.append('}');
  }

  private static void value(SplittableRandom r, StringBuilder s, List<UUID> ids, int depth) {
    switch (r.nextInt(depth > 0 ? 18 : 15)) {
      case 0 -> s.append("null");
      case 1 -> s.append(r.nextBoolean());
      case 2 -> s.append(r.nextInt(-3, 300));
      case 3 -> s.append(r.nextLong(3_000_000_000L, Long.MAX_VALUE));
      case 4 -> s.append("123456789012345678901234567890");
      case 5 -> s.append(Math.round(r.nextDouble(0, 250) * 100) / 100.0);
      case 6 ->
          s.append(List.of("1e400", "-1e400", "-0.0", "0.0", "1.5e2", "5E-3").get(r.nextInt(6)));
      case 7 -> s.append(r.nextInt(0, 200));
      case 8 ->
          s.append('"')
              .append(List.of("8,5", " 12 ", "abc", "NaN", "Infinity", "").get(r.nextInt(6)))
              .append('"');
      case 9, 10, 11 -> s.append('"').append(WORDS.get(r.nextInt(WORDS.size()))).append('"');
      case 12, 13 -> s.append('"').append(ids.get(r.nextInt(ids.size()))).append('"');
      case 14 -> s.append(r.nextDouble(0.1, 12));
      case 15, 16 -> object(r, s, ids, depth, null);
      default -> {
        s.append('[');
        for (int k = r.nextInt(6); k > 0; k--) {
          value(r, s, ids, depth - 1);
          s.append(k > 1 ? "," : "");
        }
        s.append(']');
      }
    }
  }

  /** The string literals (words of lower case, digits and _) in this package's sources. */
  private static List<String> literals() {
    Path dir = Path.of("src/main/java/com/athletebatch/capability/events");
    TreeSet<String> words = new TreeSet<>();
    Pattern literal = Pattern.compile("\"([a-z][a-z0-9_]*)\"");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Matcher m = literal.matcher(Files.readString(f));
        while (m.find()) {
          words.add(m.group(1));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    words.addAll(List.of("max_20min_power_w", "best_5s_power", "peak_60_seconds_power_w"));
    assertThat(words).contains("weight_kg", "blocks", "block_type", "sprint", "changed_fields");
    return List.copyOf(words);
  }
}
