package com.athletebatch.capability.estimators;

import java.util.Map;

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
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
