package io.github.overlapcheck.runtime;

import java.util.Optional;

/** A pointer out-parameter (the OVERLAPPED of a dequeued packet), as in JNA. */
public final class PointerByReference {
  private Pointer value;

  public PointerByReference() {}

  /** The pointer, or null for NULL. */
  public Pointer getValue() {
    return value;
  }

  public Optional<Pointer> value() {
    return Optional.ofNullable(value);
  }

  public void setValue(Pointer value) {
    this.value = value;
  }
}
