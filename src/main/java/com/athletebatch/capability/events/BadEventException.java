package com.athletebatch.capability.events;

/** Thrown while reading one event or block; caught by the extractor and turned into an issue. */
final class BadEventException extends RuntimeException {

  private final String code;

  BadEventException(String code, String reason) {
    super(reason, null, false, false); // no stack trace: this is control flow for bad data
    this.code = code;
  }

  String code() {
    return code;
  }
}
