package com.athletebatch.capability.estimators;

/** capability_output.v1 status values. */
public enum Status {
  OK("ok"),
  INSUFFICIENT_DATA("insufficient_data"),
  DEGRADED_COMPARABILITY("degraded_comparability");

  private final String json;

  Status(String json) {
    this.json = json;
  }

  public String json() {
    return json;
  }
}
