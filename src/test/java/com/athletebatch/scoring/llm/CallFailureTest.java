package com.athletebatch.scoring.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Known answers for Retry-After, Gemini's retry delay, daily quotas and redaction. */
class CallFailureTest {

  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-12-02T08:00:00Z"), ZoneOffset.UTC);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "7 | 7000",
        "0 | 0",
        "1.5 | 1500",
        "'Wed, 02 Dec 2026 08:00:30 GMT' | 30000",
        "'Wed, 02 Dec 2026 07:59:00 GMT' | 0",
        "-4 | null",
        "soon | null",
        "'' | null",
        "null | null"
      })
  void retryAfter(String header, Long expectedMillis) {
    Duration d = CallFailure.parseRetryAfter(header, NOW);
    assertThat(d == null ? null : d.toMillis()).isEqualTo(expectedMillis);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "'Quota exceeded for metric x. Please retry in 17.5s.' | 17500",
        "'\"retryDelay\": \"3s\"' | 3000",
        "'Rate limit reached' | null"
      })
  void geminiRetryDelay(String message, Long expectedMillis) {
    Duration d = CallFailure.retryDelayInMessage(message);
    assertThat(d == null ? null : d.toMillis()).isEqualTo(expectedMillis);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "429 | 'You exceeded your current quota: requests per day (RPD)' | true",
        "429 | 'RESOURCE_EXHAUSTED quota GenerateRequestsPerDayPerProjectPerModel' | true",
        "429 | 'daily quota exceeded' | true",
        "403 | 'Daily limit quota reached' | true",
        "429 | 'Rate limit reached for requests per minute' | false",
        "429 | 'quota exceeded for requests per minute' | false",
        "500 | 'quota per day' | false"
      })
  void dailyQuota(int status, String message, boolean daily) {
    assertThat(CallFailure.ofStatus(status, null, message, null).dailyQuota()).isEqualTo(daily);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "429 | RATE_LIMITED | true | true",
        "503 | UNAVAILABLE | true | true",
        "500 | SERVER | true | false",
        "502 | SERVER | true | false",
        "400 | CLIENT | false | false",
        "401 | CLIENT | false | false",
        "404 | CLIENT | false | false"
      })
  void statusKinds(int status, CallFailure.Kind kind, boolean retryable, boolean quota) {
    CallFailure f = CallFailure.ofStatus(status, null, "m", null);
    assertThat(f.kind()).isEqualTo(kind);
    assertThat(f.retryable()).isEqualTo(retryable);
    assertThat(f.quota()).isEqualTo(quota);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'Incorrect API key provided: sk-abc123' | sk-abc123 | 'Incorrect API key provided: ***'",
        "'line one\n  line two' | sk-abc123 | 'line one line two'"
      })
  void redaction(String text, String key, String expected) {
    assertThat(CallFailure.redact(text, key)).isEqualTo(expected);
  }
}
