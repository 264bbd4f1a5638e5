package com.athletebatch.demo;

import com.athletebatch.json.JsonMappers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/** The demo payloads: insertion-ordered maps and lists, written by Jackson. */
final class Json {

  /**
   * The demo's numbers as its events have always been written: a whole double as an integer ({@code
   * 100}, not {@code 100.0}) and a non-finite one as {@code null}; control characters as lower-case
   * hexadecimal escapes.
   */
  private static final JsonMapper MAPPER =
      JsonMappers.builder()
          .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
          .addModule(new SimpleModule("demo-numbers").addSerializer(Double.class, new Whole()))
          .build();

  private Json() {}

  /** An object from key/value pairs; pairs with a Java null value are left out. */
  static Map<String, Object> obj(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        map.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return map;
  }

  static List<Object> arr(Object... items) {
    return new ArrayList<>(Arrays.asList(items));
  }

  static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  private static final class Whole extends StdSerializer<Double> {
    Whole() {
      super(Double.class);
    }

    @Override
    public void serialize(Double d, JsonGenerator gen, SerializationContext context) {
      if (d.isNaN() || d.isInfinite()) {
        gen.writeNull();
      } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        gen.writeNumber((long) d.doubleValue());
      } else {
        gen.writeNumber(d.doubleValue());
      }
    }
  }
}
