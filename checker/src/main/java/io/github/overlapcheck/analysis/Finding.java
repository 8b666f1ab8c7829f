package io.github.overlapcheck.analysis;

import java.util.Optional;

/**
 * A finding: which rule, the front end's node to report on, the message, and a replacement of that
 * node's source text when a fix is sure.
 */
public record Finding(String rule, Object origin, String message, Optional<Fix> fix) {
  /** Replace the source of {@code origin} with {@code replacement}. */
  public record Fix(Object origin, String replacement) {}
}
