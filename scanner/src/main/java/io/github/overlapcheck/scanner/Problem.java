package io.github.overlapcheck.scanner;

import java.nio.file.Path;

/**
 * An input the scanner could not scan (or only in part): reported once on stderr, and in SARIF as a
 * tool notification. {@code where} is a line and column ("12:5") when the problem has a position.
 */
public record Problem(Path path, String where, String message, Kind kind) {
  /** What went wrong, for the summary and for SARIF. */
  public enum Kind {
    MISSING_PATH,
    UNREADABLE,
    LINK_LOOP,
    TOO_LARGE,
    NOT_UTF8,
    PARSE_ERROR,
    TOO_DEEP,
    SKIPPED
  }

  public Problem(Path path, String message, Kind kind) {
    this(path, "", message, kind);
  }

  /** As printed on stderr: {@code path:line:col: message}, like a compiler. */
  public String display() {
    return path + (where.isEmpty() ? "" : ":" + where) + ": " + message;
  }
}
