package com.athletebatch.scoring.llm;

/** Tokens a provider counted for one row (all attempts and re-asks included), or an estimate. */
public record TokenUsage(long input, long output) {

  public static final TokenUsage NONE = new TokenUsage(0, 0);

  public TokenUsage {
    if (input < 0 || output < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
  }

  public long total() {
    return input + output;
  }

  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(input + other.input, output + other.output);
  }
}
