package com.athletebatch.capability.estimators;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One caveat of an output.
 *
 * @param severity {@code info} (method note), {@code warning} (the estimate is weaker for it)
 * @param details JSON-ready values (numbers, strings, lists, maps)
 */
public record Caveat(String code, String severity, Map<String, Object> details) {

  public static final String INFO = "info";
  public static final String WARNING = "warning";

  public Caveat {
    // Map.of iterates in a per-JVM random order; sort such maps so output text is reproducible.
    details =
        details == null
            ? Map.of()
            : Collections.unmodifiableMap(
                details instanceof LinkedHashMap<?, ?>
                    ? new LinkedHashMap<>(details)
                    : new TreeMap<>(details));
  }
}
