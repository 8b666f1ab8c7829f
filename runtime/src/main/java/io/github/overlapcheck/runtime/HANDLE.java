package io.github.overlapcheck.runtime;

/**
 * An opaque Win32 handle value. Two handles are equal when their values are equal, as in JNA.
 * Values are per simulation; a handle from one simulation means nothing to another.
 */
public final class HANDLE {
  public static final HANDLE INVALID_HANDLE_VALUE = new HANDLE(-1);

  private final long value;

  HANDLE(long value) {
    this.value = value;
  }

  public long value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HANDLE h && h.value == value;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }

  @Override
  public String toString() {
    return "HANDLE(0x" + Long.toHexString(value) + ")";
  }
}
