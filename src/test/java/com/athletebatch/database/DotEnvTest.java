package com.athletebatch.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Node dotenv's rules, one case a row: the .env text and the DATABASE_URL it gives (or null). */
class DotEnvTest {

  private static final String URL = "postgresql://app:s3cret@db.example:5432/coachwatts";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("plain", "DATABASE_URL=" + URL, URL),
        Arguments.of("export prefix", "export DATABASE_URL=" + URL, URL),
        Arguments.of("export with tabs", "export\t DATABASE_URL=" + URL, URL),
        Arguments.of("double quotes", "DATABASE_URL=\"" + URL + "\"", URL),
        Arguments.of("single quotes", "DATABASE_URL='" + URL + "'", URL),
        Arguments.of("back quotes", "DATABASE_URL=`" + URL + "`", URL),
        Arguments.of("spaces around =", "  DATABASE_URL  =   " + URL + "   ", URL),
        Arguments.of("colon separator", "DATABASE_URL: " + URL, URL),
        Arguments.of("comment after value", "DATABASE_URL=" + URL + " # prod", URL),
        Arguments.of("# ends an unquoted value", "DATABASE_URL=pass#word", "pass"),
        Arguments.of("# kept inside quotes", "DATABASE_URL=\"pass#word\" # c", "pass#word"),
        Arguments.of("# kept inside single quotes", "DATABASE_URL='a#b'", "a#b"),
        Arguments.of("commented-out line", "# DATABASE_URL=" + URL, null),
        Arguments.of("later line wins", "DATABASE_URL=first\nDATABASE_URL=" + URL + "\n", URL),
        Arguments.of(
            "among other keys and blank lines",
            "\n# Coach Watts\nTRIGGER_API_KEY=tr_dev_123\n\nDATABASE_URL=" + URL + "\nX=1\n",
            URL),
        Arguments.of("CRLF line ends", "A=1\r\nDATABASE_URL=" + URL + "\r\nB=2\r\n", URL),
        Arguments.of("\\n expanded in double quotes", "DATABASE_URL=\"a\\nb\"", "a\nb"),
        Arguments.of("\\r expanded in double quotes", "DATABASE_URL=\"a\\rb\"", "a\rb"),
        Arguments.of("\\n kept in single quotes", "DATABASE_URL='a\\nb'", "a\\nb"),
        Arguments.of("\\n kept unquoted", "DATABASE_URL=a\\nb", "a\\nb"),
        Arguments.of("escaped quote kept as written", "DATABASE_URL=\"a\\\"b\"", "a\\\"b"),
        Arguments.of(
            "multi-line double quotes", "DATABASE_URL=\"line1\nline2\"\nB=2", "line1\nline2"),
        Arguments.of("empty value", "DATABASE_URL=", ""),
        Arguments.of("empty quotes", "DATABASE_URL=\"\"", ""),
        Arguments.of("unbalanced quote kept", "DATABASE_URL=\"abc", "\"abc"),
        Arguments.of(
            "inner = kept",
            "DATABASE_URL=" + URL + "?sslmode=require&a=b",
            URL + "?sslmode=require&a=b"),
        Arguments.of("no separator: ignored", "DATABASE_URL", null),
        Arguments.of("other key only", "DATABASE_URL_OLD=" + URL, null),
        Arguments.of("lower case is another key", "database_url=" + URL, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void databaseUrl(String name, String text, String expected) {
    Map<String, String> values = DotEnv.parse(text);
    assertThat(values.get("DATABASE_URL")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void otherKeysAreReadToo(String name, String text, String expected) {
    Map<String, String> values = DotEnv.parse(text + "\nOTHER_KEY='x y'\n");
    assertThat(values).containsEntry("OTHER_KEY", "x y");
  }
}
