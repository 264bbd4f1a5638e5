package com.athletebatch.web;

import com.athletebatch.operations.RunSummary;
import com.athletebatch.step.ProgressLine;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write durations, rates, times and counts (the CLI's formats). */
public final class Format {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  public String duration(Long seconds) {
    return seconds == null ? "-" : ProgressLine.format(Duration.ofSeconds(seconds));
  }

  public String time(LocalDateTime time) {
    return time == null ? "-" : TIME.format(time);
  }

  public String rate(Double perSecond) {
    return perSecond == null ? "-" : String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  public String percent(Double percent) {
    return percent == null ? "-" : String.format(Locale.ROOT, "%.1f %%", percent);
  }

  public String count(Number n) {
    return n == null ? "-" : String.format(Locale.ROOT, "%,d", n.longValue());
  }

  public String outcome(String key) {
    return RunSummary.label(key);
  }

  public String firstLine(String text) {
    return text == null ? "" : text.strip().lines().findFirst().orElse("");
  }
}
