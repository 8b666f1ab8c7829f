package io.github.overlapcheck.runtime;

/**
 * An address in the simulation's native memory: a block and an offset into it. Every access is
 * checked the way a sanitizer would: reading or writing freed memory, changing a buffer or
 * OVERLAPPED that an operation still owns, reading a buffer a pending read has not filled yet.
 * Equality is by address, so a pointer read back from the kernel (a dequeued packet's OVERLAPPED)
 * equals the pointer the program passed in.
 */
public class Pointer {
  final Machine machine;
  final Machine.Block block;
  final long offset;

  Pointer(Machine machine, Machine.Block block, long offset) {
    this.machine = machine;
    this.block = block;
    this.offset = offset;
  }

  /** The simulated address, for maps keyed by pointer value (like {@code Pointer.nativeValue}). */
  public final long address() {
    return block.address + offset;
  }

  /** A pointer {@code delta} bytes further into the same block. */
  public final Pointer share(long delta) {
    return new Pointer(machine, block, offset + delta);
  }

  public final byte getByte(long off) {
    return machine.api(() -> machine.programRead(block, offset + off, 1)[0]);
  }

  public final void setByte(long off, byte value) {
    machine.api(() -> machine.programWrite(block, offset + off, new byte[] {value}));
  }

  public final int getInt(long off) {
    return machine.api(() -> Machine.decodeInt(machine.programRead(block, offset + off, 4), 0));
  }

  public final void setInt(long off, int value) {
    machine.api(() -> machine.programWrite(block, offset + off, Machine.encodeInt(value)));
  }

  public final long getLong(long off) {
    return machine.api(() -> Machine.decodeLong(machine.programRead(block, offset + off, 8), 0));
  }

  public final void setLong(long off, long value) {
    machine.api(() -> machine.programWrite(block, offset + off, Machine.encodeLong(value)));
  }

  public final byte[] getByteArray(long off, int length) {
    return machine.api(() -> machine.programRead(block, offset + off, length));
  }

  public final void read(long off, byte[] dst, int index, int length) {
    byte[] bytes = getByteArray(off, length);
    System.arraycopy(bytes, 0, dst, index, length);
  }

  public final void write(long off, byte[] src, int index, int length) {
    byte[] bytes = new byte[length];
    System.arraycopy(src, index, bytes, 0, length);
    machine.api(() -> machine.programWrite(block, offset + off, bytes));
  }

  @Override
  public final boolean equals(Object o) {
    return o instanceof Pointer p && p.machine == machine && p.address() == address();
  }

  @Override
  public final int hashCode() {
    return Long.hashCode(address());
  }

  @Override
  public String toString() {
    return "native@0x" + Long.toHexString(address());
  }
}
