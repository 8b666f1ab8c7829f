package io.github.overlapcheck.scanner;

import java.io.PrintStream;

/**
 * A one-line progress count on stderr, rewritten in place, for long scans run in a terminal. Off
 * when stderr is not a terminal (a file, a pipe, a test capturing it) unless asked for.
 */
final class Progress {
  /** Below this many files a scan is quick: no progress line. */
  static final int MIN_FILES = 300;

  private static final long INTERVAL_NANOS = 200_000_000L;

  private final PrintStream err;
  private final boolean enabled;
  private final int total;
  private long last;
  private boolean shown;

  Progress(PrintStream err, boolean enabled, int total) {
    this.err = err;
    this.enabled = enabled && total > MIN_FILES;
    this.total = total;
  }

  void update(String phase, int done) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (shown && now - last < INTERVAL_NANOS && done < total) {
      return;
    }
    last = now;
    shown = true;
    err.print("\roverlapcheck: " + phase + " " + done + "/" + total + " files   ");
    err.flush();
  }

  void finish() {
    if (shown) {
      err.print("\r" + " ".repeat(60) + "\r");
      err.flush();
      shown = false;
    }
  }

  /**
   * Whether stderr is a terminal. {@code System.console()} is non-null only when the JVM is
   * attached to one; on JDK 22+ it may exist without a terminal, which {@code isTerminal()} tells.
   */
  // JDK 22+ returns a console even without a terminal: isTerminal() is asked below.
  @SuppressWarnings("SystemConsoleNull")
  static boolean stderrIsTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Object terminal = java.io.Console.class.getMethod("isTerminal").invoke(console);
      return Boolean.TRUE.equals(terminal);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
