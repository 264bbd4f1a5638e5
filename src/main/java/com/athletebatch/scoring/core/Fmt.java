package com.athletebatch.scoring.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Locale-independent number formatting for explanations and reasons. */
public final class Fmt {

  private Fmt() {}

  /**
   * Below this magnitude (and up to {@link #FAST_DECIMALS} decimals) the fast paths of {@link
   * #fixed} and {@link #round4} apply: {@code value × 10^decimals} is then below 10^9, where a
   * double's spacing is under 1.2e-7, so the product lies within 3e-7 of the decimal value
   * BigDecimal rounds (Double.toString's digits, times 10^decimals).
   */
  private static final double FAST_LIMIT = 1e5;

  private static final int FAST_DECIMALS = 4;

  /** Products closer than this to a half are rounded by BigDecimal (the tie rule decides). */
  private static final double TIE_MARGIN = 1e-6;

  private static final double[] POW10 = {1, 10, 100, 1000, 10000};

  /** Fixed decimals, half-up: {@code fixed(1.025, 2)} is "1.03" (computed on the decimal value). */
  public static String fixed(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return num(value); // never expected after validation; never throw either
    }
    long scaled = scaledOrFlag(value, decimals);
    if (scaled != NOT_FAST) {
      return plain(scaled, decimals);
    }
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
  }

  private static final long NOT_FAST = Long.MIN_VALUE;

  /**
   * {@code value} rounded half-up to {@code decimals} as an integer count of 10^-decimals, the same
   * as BigDecimal's rounding of Double.toString(value), or {@link #NOT_FAST} when that cannot be
   * told without BigDecimal (large values, more decimals, a product near a tie).
   */
  private static long scaledOrFlag(double value, int decimals) {
    if (decimals < 0 || decimals > FAST_DECIMALS || !(Math.abs(value) < FAST_LIMIT)) {
      return NOT_FAST;
    }
    double x = value * POW10[decimals];
    double fraction = Math.abs(x - Math.floor(x) - 0.5);
    if (fraction < TIE_MARGIN) {
      return NOT_FAST;
    }
    return (long) Math.rint(x);
  }

  /**
   * {@code scaled × 10^-decimals} as BigDecimal's toPlainString writes it ("0.50", "-1.2", "7").
   */
  private static String plain(long scaled, int decimals) {
    String digits = Long.toString(Math.abs(scaled));
    if (decimals == 0) {
      return scaled < 0 ? "-" + digits : digits;
    }
    StringBuilder out = new StringBuilder(digits.length() + decimals + 3);
    if (scaled < 0) {
      out.append('-');
    }
    int whole = digits.length() - decimals;
    if (whole <= 0) {
      out.append("0.");
      for (int i = whole; i < 0; i++) {
        out.append('0');
      }
      out.append(digits);
    } else {
      out.append(digits, 0, whole).append('.').append(digits, whole, digits.length());
    }
    return out.toString();
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
    long scaled = scaledOrFlag(value, 4);
    if (scaled != NOT_FAST) {
      // Both exact in a double, so one correctly rounded division: BigDecimal.doubleValue's
      // result. "+ 0.0" because BigDecimal has no negative zero (-0.00001 rounds to 0.0).
      return scaled / 10000.0 + 0.0;
    }
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
