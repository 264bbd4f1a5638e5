package com.athletebatch.scoring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Known answers for the number formats, and the fast paths against BigDecimal's rounding. */
class FmtTest {

  @ParameterizedTest
  @CsvSource({
    "1.025, 2, 1.03",
    "1.005, 2, 1.01",
    "2.5, 0, 3",
    "-2.5, 0, -3",
    "0.125, 2, 0.13",
    "-0.001, 2, 0.00",
    "-0.04, 1, 0.0",
    "0.05, 1, 0.1",
    "0.0001, 3, 0.000",
    "0.0005, 3, 0.001",
    "99999.95, 1, 100000.0",
    "123456.789, 1, 123456.8",
    "7, 0, 7",
    "1e-7, 4, 0.0000"
  })
  void fixedRoundsHalfUpOnTheDecimalValue(double value, int decimals, String expected) {
    assertThat(Fmt.fixed(value, decimals)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "1.00005, 1.0001",
    "-1.00005, -1.0001",
    "0.123449999, 0.1234",
    "-0.00001, 0.0",
    "2.5, 2.5",
    "123456.78905, 123456.7891"
  })
  void round4RoundsHalfUp(double value, double expected) {
    assertThat(Fmt.round4(value)).isEqualTo(expected);
  }

  @Test
  void negativeZeroRoundsToZeroAsBigDecimalDoes() {
    assertThat(Double.doubleToRawLongBits(Fmt.round4(-0.00001))).isZero();
    assertThat(Double.doubleToRawLongBits(Fmt.round4(-0.0))).isZero();
  }

  /**
   * The fast paths give exactly what BigDecimal's rounding of Double.toString gives: on random
   * values of every magnitude around the fast path's limit, and on decimals at and next to ties
   * (x.xxx5 and its neighbouring doubles), where the margin hands over to BigDecimal.
   */
  @Test
  void fastPathsAgreeWithBigDecimal() {
    Random random = new Random(17);
    for (int i = 0; i < 2_000_000; i++) {
      double magnitude = Math.pow(10, random.nextInt(12) - 6);
      double value = (random.nextDouble() * 2 - 1) * magnitude;
      if (i % 3 == 0) { // a decimal with a 5 in its last place, or a neighbour of one
        long units = random.nextLong() % 2_000_000_000L;
        value = (units * 10 + 5) / Math.pow(10, 1 + random.nextInt(6));
        int steps = random.nextInt(5) - 2;
        for (int s = 0; s < Math.abs(steps); s++) {
          value = steps > 0 ? Math.nextUp(value) : Math.nextDown(value);
        }
      }
      check(value);
    }
    for (int n = -200_000; n <= 200_000; n++) { // every 5-decimal tie up to ±2
      check(n / 100_000.0);
    }
  }

  private static void check(double value) {
    for (int decimals = 0; decimals <= 4; decimals++) {
      assertThat(Fmt.fixed(value, decimals))
          .as("fixed(%s, %d)", value, decimals)
          .isEqualTo(
              BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString());
    }
    double expected = BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).doubleValue();
    assertThat(Double.doubleToRawLongBits(Fmt.round4(value)))
        .as("round4(%s)", value)
        .isEqualTo(Double.doubleToRawLongBits(expected));
  }
}
