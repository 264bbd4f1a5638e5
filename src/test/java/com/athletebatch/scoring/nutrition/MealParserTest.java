package com.athletebatch.scoring.nutrition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MealParserTest {

  static Stream<Arguments> shapes() {
    return Stream.of(
        // json, status, item names (null = unnamed item), note starts with
        Arguments.of(null, MealParser.Status.ABSENT, List.of(), null),
        Arguments.of("   ", MealParser.Status.ABSENT, List.of(), null),
        Arguments.of("null", MealParser.Status.ABSENT, List.of(), null),
        Arguments.of("[]", MealParser.Status.ABSENT, List.of(), null),
        Arguments.of(
            "[{\"name\":\"Oats\",\"calories\":350},{\"name\":\"Banana\"}]",
            MealParser.Status.ITEMS,
            List.of("oats", "banana"),
            null),
        Arguments.of(
            "\"Greek  Yogurt \"",
            MealParser.Status.ITEMS,
            List.of("greek yogurt"),
            "lunch: a bare string"),
        Arguments.of("\"\"", MealParser.Status.ABSENT, List.of(), "lunch: a bare string"),
        Arguments.of(
            "{\"name\":\"Pasta\",\"calories\":600}",
            MealParser.Status.ITEMS,
            List.of("pasta"),
            "lunch: an object where a list is expected"),
        Arguments.of(
            "{\"calories\":600}",
            MealParser.Status.ITEMS,
            Arrays.asList((String) null),
            "lunch: an object where a list is expected"),
        Arguments.of(
            "{\"items\":[{\"food\":\"Rice\"},{\"title\":\"Beans\"}]}",
            MealParser.Status.ITEMS,
            List.of("rice", "beans"),
            "lunch: an object"),
        Arguments.of(
            "42", MealParser.Status.ITEMS, Arrays.asList((String) null), "lunch: a bare number"),
        Arguments.of("true", MealParser.Status.IGNORED, List.of(), "lunch: true is not a meal"),
        Arguments.of(
            "\"[{\\\"name\\\":\\\"Rice\\\"}]\"",
            MealParser.Status.ITEMS,
            List.of("rice"),
            "lunch: JSON stored as a string"),
        Arguments.of(
            "[null, 1, \"Apple\", [{\"food\":\"Pear\"}], true, {}]",
            MealParser.Status.ITEMS,
            Arrays.asList(null, "apple", "pear", null),
            null),
        Arguments.of(
            "[{\"name\":\"Oats\"",
            MealParser.Status.UNREADABLE,
            List.of(),
            "lunch: unreadable JSON ignored"),
        Arguments.of(
            "oatmeal", MealParser.Status.UNREADABLE, List.of(), "lunch: unreadable JSON ignored"),
        Arguments.of(
            "[1] trailing",
            MealParser.Status.UNREADABLE,
            List.of(),
            "lunch: unreadable JSON ignored"),
        Arguments.of(
            "{\"name\": \"x\",}",
            MealParser.Status.UNREADABLE,
            List.of(),
            "lunch: unreadable JSON ignored"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("shapes")
  void readsEveryShapeWithoutThrowing(
      String json, MealParser.Status status, List<String> names, String note) {
    MealParser.Meal meal = MealParser.parse("lunch", json);
    assertThat(meal.status()).isEqualTo(status);
    assertThat(meal.itemNames()).containsExactlyElementsOf(names);
    if (note == null) {
      assertThat(meal.note()).isNull();
    } else {
      assertThat(meal.note()).startsWith(note);
    }
  }

  @Test
  void pathologicalInputNeverThrows() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    String huge = "[" + "\"x\",".repeat(50_000) + "\"y\"]";
    for (String json :
        List.of(
            deep,
            deep.substring(0, 7000),
            huge,
            "\u0000",
            "{\"items\": 5}",
            "[[[[[[[[[[[\"too deep\"]]]]]]]]]]]")) {
      assertThatCode(() -> MealParser.parse("dinner", json)).doesNotThrowAnyException();
    }
    // a list wrapped deeper than 8 levels is cut off rather than recursed into
    assertThat(MealParser.parse("dinner", "[[[[[[[[[[[\"too deep\"]]]]]]]]]]]").itemCount())
        .isZero();
    // {"items": 5}: no list inside, so the object is one (unnamed) item
    assertThat(MealParser.parse("dinner", "{\"items\": 5}").itemCount()).isEqualTo(1);
  }

  /** The collapse without a regex equals the regex it replaced, on strings of mixed whitespace. */
  @Test
  void whitespaceCollapsesAsTheRegexDid() {
    char[] alphabet = {'a', 'B', ' ', '\t', '\n', '\u000B', '\f', '\r', '\u00A0', '\u2003', 'é'};
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 100_000; i++) {
      char[] text = new char[random.nextInt(12)];
      for (int c = 0; c < text.length; c++) {
        text[c] = alphabet[random.nextInt(alphabet.length)];
      }
      String s = new String(text);
      assertThat(MealParser.collapseWhitespace(s)).as(s).isEqualTo(s.replaceAll("\\s+", " "));
    }
  }
}
