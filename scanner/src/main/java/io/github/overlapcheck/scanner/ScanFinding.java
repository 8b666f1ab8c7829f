package io.github.overlapcheck.scanner;

import java.nio.file.Path;

/**
 * A finding of a scan: the rule, the file (as found under {@code root}) and position (1-based line
 * and column, the column counted in characters), the message, and its fingerprint.
 */
public record ScanFinding(
    String rule, Path root, Path file, int line, int column, String message, String fingerprint) {
  /** The file's path below its root, with '/' separators (for SARIF). */
  public String relativePath() {
    Path rel = root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
    return rel.toString().replace(java.io.File.separatorChar, '/');
  }

  /** As javac prints a diagnostic: {@code file:line:col: [Rule] message}. */
  public String display() {
    return file + ":" + line + ":" + column + ": [" + rule + "] " + message;
  }
}
