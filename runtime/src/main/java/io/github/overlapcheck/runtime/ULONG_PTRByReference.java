package io.github.overlapcheck.runtime;

/** A ULONG_PTR out-parameter (the completion key of a dequeued packet), as in JNA. */
public final class ULONG_PTRByReference {
  private long value;

  public ULONG_PTRByReference() {}

  public long getValue() {
    return value;
  }

  public void setValue(long value) {
    this.value = value;
  }
}
