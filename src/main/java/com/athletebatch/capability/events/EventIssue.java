package com.athletebatch.capability.events;

import java.util.UUID;

/**
 * An event (or one block of it) left out of the estimates, with the reason. Goes to the skip log
 * and into the outputs' caveats.
 */
public record EventIssue(UUID eventId, String code, String reason) {

  public static final String MALFORMED_JSON = "malformed_json";
  public static final String WRONG_JSON_TYPE = "wrong_json_type";
  public static final String WRONG_TYPE = "wrong_type";
  public static final String NEGATIVE_VALUE = "negative_value";
  public static final String IMPLAUSIBLE_VALUE = "implausible_value";
  public static final String NON_FINITE = "non_finite";
  public static final String UNKNOWN_BLOCK_TYPE = "unknown_block_type";
  public static final String UNKNOWN_UNIT = "unknown_unit";
  public static final String INVALID_RETRACTION = "invalid_retraction";
  public static final String INVALID_CORRECTION = "invalid_correction";
  public static final String CORRECTION_TARGET_MISSING = "correction_target_missing";
  public static final String CORRECTION_TARGET_RETRACTED = "correction_target_retracted";
  public static final String SAMPLES_DROPPED = "implausible_samples_dropped";
  public static final String UNEXPECTED_ERROR = "unexpected_error";

  /** Set aside before estimation (see UserEstimationProcessor). */
  public static final String UNREADABLE_EVENT = "unreadable_event";

  public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
  public static final String FUTURE_TIMESTAMP = "future_timestamp";
  public static final String DUPLICATE_IDEMPOTENCY_KEY = "duplicate_idempotency_key";
}
