package com.athletebatch.scoring.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Locale-independent number formatting for explanations and reasons. */
public final class Fmt {

  private Fmt() {}

  /** Fixed decimals, half-up: {@code fixed(1.025, 2)} is "1.03" (computed on the decimal value). */
  public static String fixed(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return num(value); // never expected after validation; never throw either
    }
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
  }

  /** Shortest plain form: 5.0 → "5", 49.50 → "49.5"; NaN and infinities spelled out. */
  public static String num(Number value) {
    if (value == null) {
      return "null";
    }
    double d = value.doubleValue();
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (value instanceof Integer || value instanceof Long) {
      return value.toString();
    }
    BigDecimal b = BigDecimal.valueOf(d).stripTrailingZeros();
    return b.scale() < 0 ? b.setScale(0).toPlainString() : b.toPlainString();
  }

  /** Rounds to 4 decimals for the analysis JSON (finite input only). */
  public static double round4(double value) {
    return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).doubleValue();
  }

  /** "a", "a and b", "a, b and c". */
  public static String joinAnd(List<String> parts) {
    if (parts.isEmpty()) {
      return "";
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " and "
        + parts.get(parts.size() - 1);
  }

  public static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
