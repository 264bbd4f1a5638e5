package com.athletebatch.scoring.nutrition;

import com.athletebatch.json.JsonMappers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * Reads a meal column (jsonb text) into items, whatever its shape, and never throws:
 *
 * <ul>
 *   <li>null, blank, JSON null, [] → nothing logged;
 *   <li>a list → one item per element (objects, strings, numbers; nested lists flattened);
 *   <li>an object → its "items"/"foods"/"entries" list when it has one, else one item;
 *   <li>a bare string → one item named by the string (or, if the string holds JSON, that JSON);
 *   <li>a bare number → one unnamed item;
 *   <li>true/false → ignored; invalid or truncated JSON → ignored, with a note.
 * </ul>
 */
final class MealParser {

  /** Object fields that name an item, first match wins. */
  static final List<String> NAME_FIELDS =
      List.of("name", "food", "foodName", "title", "description", "item", "label");

  /** Object fields that hold the item list when an object wraps it. */
  static final List<String> LIST_FIELDS = List.of("items", "foods", "entries");

  private static final int MAX_DEPTH = 8;
  private static final int MAX_NOTE = 120;

  private static final ObjectReader JSON = JsonMappers.STRICT_TREE_READER;

  private MealParser() {}

  enum Status {
    ABSENT,
    ITEMS,
    IGNORED,
    UNREADABLE
  }

  /** One meal column: its items (names normalised, null when unnamed) and a note when odd. */
  record Meal(String meal, Status status, List<String> itemNames, String note) {

    int itemCount() {
      return itemNames.size();
    }
  }

  static Meal parse(String meal, String json) {
    if (json == null || json.isBlank()) {
      return new Meal(meal, Status.ABSENT, List.of(), null);
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (Exception e) { // JacksonException, nesting limits, anything: never throw
      return new Meal(
          meal,
          Status.UNREADABLE,
          List.of(),
          meal + ": unreadable JSON ignored (" + shortMessage(e) + ")");
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new Meal(meal, Status.ABSENT, List.of(), null);
    }
    String note = null;
    if (root.isString()) {
      JsonNode inner = reparse(root.stringValue());
      if (inner != null) {
        root = inner;
        note = meal + ": JSON stored as a string, read as its content";
      } else {
        note = meal + ": a bare string, read as one item";
      }
    } else if (root.isObject()) {
      note = meal + ": an object where a list is expected";
    } else if (root.isNumber()) {
      note = meal + ": a bare number, read as one unnamed item";
    } else if (root.isBoolean()) {
      return new Meal(
          meal,
          Status.IGNORED,
          List.of(),
          meal + ": " + root.asString() + " is not a meal, ignored");
    }
    List<String> names = new ArrayList<>();
    collect(root, names, 0);
    // unnamed items are null, so not List.copyOf (which rejects nulls)
    return new Meal(
        meal,
        names.isEmpty() ? Status.ABSENT : Status.ITEMS,
        Collections.unmodifiableList(names),
        note);
  }

  private static void collect(JsonNode node, List<String> out, int depth) {
    if (depth > MAX_DEPTH || node == null) {
      return;
    }
    if (node.isArray()) {
      node.forEach(child -> collect(child, out, depth + 1));
    } else if (node.isObject()) {
      for (String field : LIST_FIELDS) {
        if (node.path(field).isArray()) {
          collect(node.get(field), out, depth + 1);
          return;
        }
      }
      out.add(nameOf(node));
    } else if (node.isString()) {
      String name = normalise(node.stringValue());
      if (name != null) {
        out.add(name);
      }
    } else if (node.isNumber()) {
      out.add(null);
    }
    // null and booleans inside a list are not items
  }

  private static String nameOf(JsonNode object) {
    for (String field : NAME_FIELDS) {
      JsonNode v = object.get(field);
      if (v != null && v.isString()) {
        String name = normalise(v.stringValue());
        if (name != null) {
          return name;
        }
      }
    }
    return null;
  }

  /**
   * Lower case, trimmed, inner whitespace collapsed: "Greek Yogurt " and "greek yogurt" are one
   * food.
   */
  static String normalise(String name) {
    if (name == null) {
      return null;
    }
    String n = collapseWhitespace(name.trim()).toLowerCase(Locale.ROOT);
    return n.isEmpty() ? null : n;
  }

  /** {@code s.replaceAll("\\s+", " ")} without a regex per item name (most need no change). */
  static String collapseWhitespace(String s) {
    int n = s.length();
    int first = -1;
    for (int i = 0; i < n && first < 0; i++) {
      char c = s.charAt(i);
      if (isRegexSpace(c) && (c != ' ' || (i + 1 < n && isRegexSpace(s.charAt(i + 1))))) {
        first = i;
      }
    }
    if (first < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(n).append(s, 0, first);
    boolean inRun = false;
    for (int i = first; i < n; i++) {
      char c = s.charAt(i);
      if (isRegexSpace(c)) {
        if (!inRun) {
          out.append(' ');
          inRun = true;
        }
      } else {
        out.append(c);
        inRun = false;
      }
    }
    return out.toString();
  }

  /** The regex class {@code \s}: space, tab, line feed, vertical tab, form feed, return. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** A string that itself holds a JSON list or object (double-encoded), else null. */
  private static JsonNode reparse(String text) {
    String t = text.trim();
    if (!(t.startsWith("[") || t.startsWith("{"))) {
      return null;
    }
    try {
      JsonNode inner = JSON.readTree(t);
      return inner != null && (inner.isArray() || inner.isObject()) ? inner : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static String shortMessage(Exception e) {
    String m = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
    m = m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ").trim();
    return m.length() > MAX_NOTE ? m.substring(0, MAX_NOTE) + "…" : m;
  }
}
