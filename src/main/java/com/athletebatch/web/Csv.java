package com.athletebatch.web;

/** RFC 4180 fields; a leading =, +, - or @ is prefixed with ' so spreadsheets never run it. */
final class Csv {

  private Csv() {}

  static String field(Object value) {
    String s = value == null ? "" : value.toString();
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      s = '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
