package com.athletebatch.capability.events;

import tools.jackson.databind.JsonNode;

/**
 * Strict readers for payload fields. Absent or JSON null means "not logged" and returns null; a
 * value of the wrong type, non-finite, negative or out of range throws {@link BadEventException}.
 */
final class JsonFields {

  private JsonFields() {}

  /** The field's value, or null when absent or JSON null: one map lookup, not two. */
  private static JsonNode valueOf(JsonNode obj, String field) {
    if (obj == null) {
      return null;
    }
    JsonNode v = obj.get(field);
    return v == null || v.isNull() ? null : v;
  }

  /** A number, or a numeric string with "." or "," as decimal separator ("8,5"). */
  static Double number(JsonNode obj, String field) {
    JsonNode v = valueOf(obj, field);
    return v == null ? null : toNumber(v, field);
  }

  static Double toNumber(JsonNode v, String field) {
    double d;
    if (v.isBigInteger()) {
      // Jackson 3's doubleValue() refuses an integer beyond double's range; Jackson 2 gave
      // +-Infinity, which is reported as not finite below.
      d = v.bigIntegerValue().doubleValue();
    } else if (v.isNumber()) {
      d = v.doubleValue();
    } else if (v.isString()) {
      String s = v.stringValue().trim().replace(',', '.');
      try {
        d = Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw new BadEventException(
            EventIssue.WRONG_TYPE, field + " is not a number: \"" + abbreviate(s) + "\"");
      }
    } else {
      throw new BadEventException(
          EventIssue.WRONG_TYPE,
          field
              + " is a "
              + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + ", expected a number");
    }
    if (!Double.isFinite(d)) {
      throw new BadEventException(EventIssue.NON_FINITE, field + " is not finite");
    }
    return d;
  }

  /** A non-negative number; negative values are impossible for every quantity we read. */
  static Double nonNegative(JsonNode obj, String field) {
    Double d = number(obj, field);
    if (d != null && d < 0) {
      throw new BadEventException(EventIssue.NEGATIVE_VALUE, field + " is negative: " + d);
    }
    return d;
  }

  /** A strictly positive whole number (reps, repeats). */
  static Integer positiveInt(JsonNode obj, String field, int max) {
    Double d = number(obj, field);
    if (d == null) {
      return null;
    }
    if (d != Math.rint(d)) {
      throw new BadEventException(EventIssue.WRONG_TYPE, field + " is not a whole number: " + d);
    }
    if (d <= 0) {
      throw new BadEventException(
          d < 0 ? EventIssue.NEGATIVE_VALUE : EventIssue.IMPLAUSIBLE_VALUE,
          field + " must be > 0, was " + d);
    }
    if (d > max) {
      throw new BadEventException(EventIssue.IMPLAUSIBLE_VALUE, field + " above " + max + ": " + d);
    }
    return d.intValue();
  }

  static Double inRange(Double value, String field, double min, double max) {
    if (value != null && (value < min || value > max)) {
      throw new BadEventException(
          value < 0 ? EventIssue.NEGATIVE_VALUE : EventIssue.IMPLAUSIBLE_VALUE,
          field + " outside [" + min + ", " + max + "]: " + value);
    }
    return value;
  }

  /** A metric that may be a plain value or an object {value, unit, measurement_state}. */
  static Double metric(JsonNode obj, String field) {
    JsonNode v = valueOf(obj, field);
    if (v == null) {
      return null;
    }
    if (v.isObject()) {
      return number(v, "value") == null ? null : nonNegative(v, "value");
    }
    Double d = toNumber(v, field);
    if (d < 0) {
      throw new BadEventException(EventIssue.NEGATIVE_VALUE, field + " is negative: " + d);
    }
    return d;
  }

  static String text(JsonNode obj, String field) {
    JsonNode v = valueOf(obj, field);
    if (v == null) {
      return null;
    }
    if (v.isString()) {
      String s = v.stringValue().trim();
      return s.isEmpty() ? null : s;
    }
    if (v.isNumber()) {
      return v.asString();
    }
    throw new BadEventException(
        EventIssue.WRONG_TYPE,
        field
            + " is a "
            + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
            + ", expected text");
  }

  static JsonNode object(JsonNode obj, String field) {
    JsonNode v = valueOf(obj, field);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      throw new BadEventException(EventIssue.WRONG_TYPE, field + " is not an object");
    }
    return v;
  }

  static JsonNode array(JsonNode obj, String field) {
    JsonNode v = valueOf(obj, field);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      throw new BadEventException(EventIssue.WRONG_TYPE, field + " is not an array");
    }
    return v;
  }

  /** First non-null of several alternative field names. */
  static Double firstMetric(JsonNode obj, String... fields) {
    for (String f : fields) {
      Double d = metric(obj, f);
      if (d != null) {
        return d;
      }
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
