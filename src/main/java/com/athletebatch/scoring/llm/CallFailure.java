package com.athletebatch.scoring.llm;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One failed call to the provider, as the retry logic sees it, whatever the SDK: the HTTP status (0
 * for a timeout or an I/O error), the provider's {@code Retry-After} when it sent one, and a short
 * message (never the API key: {@link #redact}).
 */
final class CallFailure extends RuntimeException {

  enum Kind {
    /** 429. */
    RATE_LIMITED,
    /** 503. */
    UNAVAILABLE,
    /** Other 5xx, or a response the SDK could not read. */
    SERVER,
    /** The per-request timeout. */
    TIMEOUT,
    /** Connection refused, reset… */
    IO,
    /** 4xx other than 429, or a request the SDK refused to send: not retried. */
    CLIENT
  }

  private static final Pattern RETRY_IN =
      Pattern.compile("(?i)(?:retry in|retrydelay\"?\\s*:\\s*\"?)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*s");

  private static final Pattern DAILY_QUOTA = Pattern.compile("(?is)(per[ _-]?day|daily|perday)");

  private final Kind kind;
  private final int status;
  private final transient Duration retryAfter;
  private final String evidence;

  CallFailure(Kind kind, int status, Duration retryAfter, String message) {
    this(kind, status, retryAfter, message, null);
  }

  /**
   * @param evidence the response body, read for a daily-quota message only (never shown)
   */
  CallFailure(Kind kind, int status, Duration retryAfter, String message, String evidence) {
    super(message, null, false, false);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
    this.evidence = evidence;
  }

  static CallFailure ofStatus(int status, Duration retryAfter, String message, String evidence) {
    Kind kind;
    if (status == 429) {
      kind = Kind.RATE_LIMITED;
    } else if (status == 503) {
      kind = Kind.UNAVAILABLE;
    } else if (status >= 500) {
      kind = Kind.SERVER;
    } else {
      kind = Kind.CLIENT;
    }
    return new CallFailure(kind, status, retryAfter, message, evidence);
  }

  Kind kind() {
    return kind;
  }

  int status() {
    return status;
  }

  /** Null when the provider named no delay. */
  Duration retryAfter() {
    return retryAfter;
  }

  boolean retryable() {
    return kind != Kind.CLIENT;
  }

  /** 429 or 503: when the retries run out, the row is QUOTA_EXCEEDED rather than FAILED. */
  boolean quota() {
    return kind == Kind.RATE_LIMITED || kind == Kind.UNAVAILABLE;
  }

  /**
   * A daily quota is spent: a 429 (or 403) whose message speaks of a quota per day, e.g. OpenAI's
   * "requests per day (RPD)" or Gemini's {@code RESOURCE_EXHAUSTED … GenerateRequestsPerDay…}.
   */
  boolean dailyQuota() {
    String m = getMessage() + " " + (evidence == null ? "" : evidence);
    return (status == 429 || status == 403)
        && m != null
        && m.toLowerCase(Locale.ROOT).contains("quota")
        && DAILY_QUOTA.matcher(m).find();
  }

  /** {@code HTTP 429: …} or {@code timeout: …}, for reasons. */
  String describe() {
    String head = status > 0 ? "HTTP " + status : kind.name().toLowerCase(Locale.ROOT);
    return head + ": " + getMessage();
  }

  /**
   * A {@code Retry-After} value: delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent
   * or unreadable. {@code Retry-After-Ms} (OpenAI) is read by the caller first.
   */
  static Duration parseRetryAfter(String value, java.time.Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      double seconds = Double.parseDouble(v);
      return seconds < 0 ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /** Gemini names its delay in the message ("Please retry in 17.5s", {@code retryDelay: "17s"}). */
  static Duration retryDelayInMessage(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = RETRY_IN.matcher(message);
    return m.find()
        ? Duration.ofMillis((long) Math.ceil(Double.parseDouble(m.group(1)) * 1000))
        : null;
  }

  /** The text with the key replaced, and cut to a length fit for a reason column. */
  static String redact(String text, String apiKey) {
    if (text == null) {
      return "";
    }
    String t = text;
    if (apiKey != null && apiKey.length() >= 4) {
      t = t.replace(apiKey, "***");
    }
    t = t.replaceAll("\\s+", " ").strip();
    return t.length() > 500 ? t.substring(0, 500) + "…" : t;
  }
}
