package io.github.overlapcheck.analysis;

/** A fact that holds, does not hold, or is not known (the join of the first two). */
public enum Tri {
  YES,
  NO,
  UNKNOWN;

  Tri join(Tri other) {
    return this == other ? this : UNKNOWN;
  }

  static Tri of(boolean b) {
    return b ? YES : NO;
  }
}
