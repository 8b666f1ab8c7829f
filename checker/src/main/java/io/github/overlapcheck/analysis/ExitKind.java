package io.github.overlapcheck.analysis;

/** How a method ends at an exit. */
public enum ExitKind {
  /** A {@code return} statement. */
  RETURN,
  /** A {@code throw} statement. */
  THROW,
  /** The end of the body, or an exception thrown by a call. */
  END
}
