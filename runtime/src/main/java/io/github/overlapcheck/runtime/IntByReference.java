package io.github.overlapcheck.runtime;

/**
 * A DWORD out-parameter, like JNA's {@code IntByReference}. When it was handed to a read or write
 * that went pending, reading it is recorded: the kernel never fills it in for that operation.
 */
public final class IntByReference {
  private int value;
  private Machine.IoRequest pendingOwner;

  public IntByReference() {}

  public IntByReference(int value) {
    this.value = value;
  }

  public int getValue() {
    Machine.IoRequest owner = pendingOwner;
    if (owner != null) {
      owner
          .machine()
          .api(
              () -> {
                owner.machine().bytesOutParamRead(owner);
                return null;
              });
    }
    return value;
  }

  public void setValue(int value) {
    this.value = value;
    this.pendingOwner = null;
  }

  /** Set by the kernel; {@code owner} is the asynchronous operation that left it unset, or null. */
  void kernelSet(int value, Machine.IoRequest owner) {
    this.value = value;
    this.pendingOwner = owner;
  }
}
