package io.github.overlapcheck.runtime;

import java.util.Optional;

/**
 * One recorded violation: what happened, on which thread and where in the program, and, when memory
 * is involved, the block with where it was allocated and freed.
 */
public final class Violation {
  private final ViolationKind kind;
  private final String message;
  private final String thread;
  private final String site;
  private final String operation;
  private final String block;
  private final String allocatedAt;
  private final String freedAt;

  Violation(
      ViolationKind kind,
      String message,
      String thread,
      String site,
      String operation,
      String block,
      String allocatedAt,
      String freedAt) {
    this.kind = kind;
    this.message = message;
    this.thread = thread;
    this.site = site;
    this.operation = operation;
    this.block = block;
    this.allocatedAt = allocatedAt;
    this.freedAt = freedAt;
  }

  public ViolationKind kind() {
    return kind;
  }

  public String message() {
    return message;
  }

  /** The simulated thread that was running when it was detected. */
  public String thread() {
    return thread;
  }

  /** The program location (outside the runtime) where it was detected. */
  public String site() {
    return site;
  }

  public Optional<String> operation() {
    return Optional.ofNullable(operation);
  }

  public Optional<String> block() {
    return Optional.ofNullable(block);
  }

  public Optional<String> allocatedAt() {
    return Optional.ofNullable(allocatedAt);
  }

  public Optional<String> freedAt() {
    return Optional.ofNullable(freedAt);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append(kind).append(": ").append(message).append("\n    on ").append(thread);
    s.append(" at ").append(site);
    if (operation != null) {
      s.append("\n    operation: ").append(operation);
    }
    if (block != null) {
      s.append("\n    block: ").append(block);
      s.append("\n    allocated at ").append(allocatedAt);
      if (freedAt != null) {
        s.append("\n    freed at ").append(freedAt);
      }
    }
    return s.toString();
  }
}
