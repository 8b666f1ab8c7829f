package io.github.overlapcheck.runtime;

/** A 64-bit out-parameter, like JNA's {@code LongByReference} (used for LARGE_INTEGER results). */
public final class LongByReference {
  private long value;

  public LongByReference() {}

  public long getValue() {
    return value;
  }

  public void setValue(long value) {
    this.value = value;
  }
}
