package com.athletebatch.scoring;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A row as the reader saw it: the columns that decide its eligibility ("aiAnalysisStatus",
 * "overallScore") and its "updatedAt". The writer updates a row only while all three are still
 * these values (compare-and-set), so a row the live application scored, re-queued or edited after
 * our read is left as the application left it.
 */
public record RowVersion(String status, Integer overallScore, LocalDateTime updatedAt) {

  /**
   * What changed between this version and the row as it is now ({@code null}: deleted); empty when
   * nothing did.
   */
  public String changesTo(RowVersion now) {
    if (now == null) {
      return "deleted";
    }
    List<String> changes = new ArrayList<>();
    if (!java.util.Objects.equals(status, now.status)) {
      changes.add("status " + status + " -> " + now.status);
    }
    if (!java.util.Objects.equals(overallScore, now.overallScore)) {
      changes.add(
          now.overallScore != null && overallScore == null
              ? "scored (overallScore " + now.overallScore + ")"
              : "overallScore " + overallScore + " -> " + now.overallScore);
    }
    if (!java.util.Objects.equals(updatedAt, now.updatedAt)) {
      changes.add("updatedAt " + updatedAt + " -> " + now.updatedAt);
    }
    return String.join(", ", changes);
  }

  /** One line of the step's execution context (the locked rows left for the retry pass). */
  String encode(String id) {
    return id
        + '\t'
        + (status == null ? "" : status)
        + '\t'
        + (overallScore == null ? "" : overallScore)
        + '\t'
        + (updatedAt == null ? "" : updatedAt);
  }

  /** The id and version of one {@link #encode} line. */
  static java.util.Map.Entry<String, RowVersion> decode(String line) {
    String[] f = line.split("\t", -1);
    return java.util.Map.entry(
        f[0],
        new RowVersion(
            f[1].isEmpty() ? null : f[1],
            f[2].isEmpty() ? null : Integer.valueOf(f[2]),
            f[3].isEmpty() ? null : LocalDateTime.parse(f[3])));
  }
}
