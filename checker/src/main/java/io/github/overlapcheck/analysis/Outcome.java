package io.github.overlapcheck.analysis;

/** How a started read or write may have turned out, as the path so far tells. */
public enum Outcome {
  /** The call returned TRUE: completed synchronously (its notifications are still delivered). */
  COMPLETED_AT_ONCE,
  /** FALSE with ERROR_IO_PENDING, and not awaited since. */
  PENDING,
  /** FALSE with another error: nothing was started. */
  FAILED,
  /** Was pending, and its completion has been awaited (or it completed at once and was read). */
  AWAITED
}
