package com.athletebatch.scoring.core;

/**
 * One 1..10 score and the sentence that explains it. {@code value} is null when the data cannot
 * support the score; the explanation then says what was missing.
 */
public record SubScore(Integer value, String explanation) {

  public SubScore {
    if (value != null && (value < 1 || value > 10)) {
      throw new IllegalArgumentException("score out of 1..10: " + value);
    }
    if (explanation == null || explanation.isBlank()) {
      throw new IllegalArgumentException("every score needs an explanation");
    }
  }

  public static SubScore missing(String explanation) {
    return new SubScore(null, explanation);
  }

  public boolean present() {
    return value != null;
  }
}
