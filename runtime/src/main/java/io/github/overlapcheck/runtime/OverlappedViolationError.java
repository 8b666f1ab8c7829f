package io.github.overlapcheck.runtime;

/** Thrown at a violation in strict mode. */
public final class OverlappedViolationError extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final transient Violation violation;

  OverlappedViolationError(Violation violation) {
    super(violation.toString());
    this.violation = violation;
  }

  public Violation violation() {
    return violation;
  }
}
