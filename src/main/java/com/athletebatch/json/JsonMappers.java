package com.athletebatch.json;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of our code (Jackson 3). It keeps the behaviour the jobs had on
 * Jackson 2.21 where Jackson 3 changed a default that shows in what we parse or write:
 *
 * <ul>
 *   <li>nesting up to 1000 levels (Jackson 3: 500) and strings up to 20,000,000 characters (Jackson
 *       3: 100,000,000), so that an event or meal document is readable, or refused, as before (the
 *       bad-input corpora);
 *   <li>content after the first value is ignored (Jackson 3 fails), as for events before; {@link
 *       #STRICT_TREE_READER} refuses it, as the meal parser did;
 *   <li>properties of a bean in declaration order (Jackson 3 sorts them alphabetically); our
 *       documents are maps and trees in insertion order either way.
 * </ul>
 *
 * What Jackson 3 keeps as Jackson 2 had it, and the tests rely on: doubles written as {@code
 * Double.toString}, NaN and infinities as strings, duplicate keys (the last wins), non-standard
 * tokens ({@code NaN}, leading zeros, comments, single quotes) refused, floats read as doubles and
 * big integers exactly. Jackson 3 parses doubles with its fast (and exact) parser by default.
 * Mappers are immutable and thread-safe.
 */
public final class JsonMappers {

  /** Jackson 2.21's default read limits that Jackson 3 changed. */
  private static final StreamReadConstraints READ_LIMITS =
      StreamReadConstraints.builder().maxNestingDepth(1000).maxStringLength(20_000_000).build();

  private static final StreamWriteConstraints WRITE_LIMITS =
      StreamWriteConstraints.builder().maxNestingDepth(1000).build();

  /** Reads event and meal documents into trees; writes maps and trees. */
  public static final JsonMapper MAPPER = builder().build();

  /** A tree reader that refuses content after the first value (e.g. {@code [1] [2]}). */
  public static final ObjectReader STRICT_TREE_READER =
      MAPPER.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonMappers() {}

  /**
   * {@code MAPPER.writeValueAsString(value)} for a document of maps with string keys, lists,
   * strings, integers, longs, doubles, booleans and nulls (the scorers' analysis maps), byte for
   * byte: the same generator writes every token (so the same escaping and {@code Double.toString}),
   * but the walk is ours, without the serializer lookup per map entry that made this a quarter of
   * the score job's CPU. Any other value goes to the mapper; map keys are written as {@code
   * String.valueOf(key)} (ours are strings).
   */
  public static String writePlain(Object value) {
    StringBuilderWriter out = new StringBuilderWriter();
    try (tools.jackson.core.JsonGenerator generator = MAPPER.createGenerator(out)) {
      writePlain(generator, value);
    }
    return out.text.toString();
  }

  private static void writePlain(tools.jackson.core.JsonGenerator generator, Object value) {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof String s) {
      generator.writeString(s);
    } else if (value instanceof Double d) {
      generator.writeNumber(d.doubleValue());
    } else if (value instanceof Integer i) {
      generator.writeNumber(i.intValue());
    } else if (value instanceof Long l) {
      generator.writeNumber(l.longValue());
    } else if (value instanceof Boolean b) {
      generator.writeBoolean(b);
    } else if (value instanceof java.util.Map<?, ?> map) {
      generator.writeStartObject(map, map.size());
      for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
        generator.writeName(String.valueOf(e.getKey()));
        writePlain(generator, e.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof java.util.List<?> list) {
      generator.writeStartArray(list, list.size());
      for (Object element : list) {
        writePlain(generator, element);
      }
      generator.writeEndArray();
    } else {
      generator.writePOJO(value);
    }
  }

  /** An unsynchronised Writer into a StringBuilder (StringWriter locks a StringBuffer). */
  private static final class StringBuilderWriter extends java.io.Writer {
    final StringBuilder text = new StringBuilder(2048);

    @Override
    public void write(char[] chars, int offset, int length) {
      text.append(chars, offset, length);
    }

    @Override
    public void write(String s, int offset, int length) {
      text.append(s, offset, offset + length);
    }

    @Override
    public void write(int c) {
      text.append((char) c);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  /** A builder with this configuration, for a mapper that adds to it (e.g. the demo's numbers). */
  public static JsonMapper.Builder builder() {
    return JsonMapper.builder(
            JsonFactory.builder()
                .streamReadConstraints(READ_LIMITS)
                .streamWriteConstraints(WRITE_LIMITS)
                .build())
        .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY);
  }
}
