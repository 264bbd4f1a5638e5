package com.athletebatch.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code .env} file read by the rules of Node's dotenv (the seeds' {@code pnpm} scripts load it):
 * {@code KEY=value} or {@code KEY: value}, an optional {@code export } prefix, {@code #} comments
 * (also after an unquoted value, which is trimmed), values in single, double or back quotes (which
 * may span lines), {@code \n} and {@code \r} expanded only inside double quotes, the last of
 * repeated keys wins, lines that match nothing ignored. No variable expansion.
 *
 * <p>Written here because dotenv-java, the kept Java port, follows Ruby's older rules: it rejects
 * {@code export} lines and keeps single quotes and escapes as they are.
 */
public final class DotEnv {

  /** Node dotenv's LINE expression, unchanged but for Java's syntax. */
  private static final Pattern LINE =
      Pattern.compile(
          "(?:^|^)\\s*(?:export\\s+)?([\\w.-]+)(?:\\s*=\\s*?|:\\s+?)"
              + "(\\s*'(?:\\\\'|[^'])*'|\\s*\"(?:\\\\\"|[^\"])*\"|\\s*`(?:\\\\`|[^`])*`|[^#\\r\\n]+)?"
              + "\\s*(?:#.*)?(?:$|$)",
          Pattern.MULTILINE);

  private DotEnv() {}

  /** The variables of a {@code .env} text, in file order. */
  public static Map<String, String> parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    Matcher m = LINE.matcher(text.replaceAll("\\r\\n?", "\n"));
    while (m.find()) {
      String value = m.group(2) == null ? "" : m.group(2).trim();
      char quote = value.isEmpty() ? 0 : value.charAt(0);
      if (value.length() >= 2
          && (quote == '\'' || quote == '"' || quote == '`')
          && value.charAt(value.length() - 1) == quote) {
        value = value.substring(1, value.length() - 1);
      }
      if (quote == '"') {
        value = value.replace("\\n", "\n").replace("\\r", "\r");
      }
      values.put(m.group(1), value);
    }
    return values;
  }

  /** The variables of the file, or an empty map when it does not exist. */
  public static Map<String, String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.toAbsolutePath() + ": " + e, e);
    }
  }
}
