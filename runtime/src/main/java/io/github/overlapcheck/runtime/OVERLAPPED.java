package io.github.overlapcheck.runtime;

/**
 * The Win32 OVERLAPPED structure (64-bit layout, 32 bytes): {@code Internal} holds the NTSTATUS of
 * the operation (STATUS_PENDING while it runs), {@code InternalHigh} the bytes transferred, {@code
 * Offset}/{@code OffsetHigh} the 64-bit file position, {@code hEvent} the event to signal. Field
 * names follow Win32 and JNA.
 */
@SuppressWarnings("MemberName") // Win32 field names, as JNA spells them
public final class OVERLAPPED extends Structure {
  public static final int SIZE = 32;

  public long Internal;
  public long InternalHigh;
  public int Offset;
  public int OffsetHigh;
  public HANDLE hEvent;

  /** Memory owned by this object and kept alive by it, as for a JNA Structure held in a field. */
  public OVERLAPPED(Kernel32 kernel32) {
    super(kernel32.machine().allocateStructure(SIZE, "OVERLAPPED"));
  }

  /** Memory from an arena: it is freed when the arena closes (a C stack frame or FFM arena). */
  public OVERLAPPED(Arena arena) {
    super(arena.allocate(SIZE, "OVERLAPPED"));
  }

  /** A view over existing memory, e.g. the pointer of a dequeued packet; reads it at once. */
  public OVERLAPPED(Pointer memory) {
    super(memory);
    read();
  }

  @Override
  public int size() {
    return SIZE;
  }

  @Override
  void readFields(byte[] b) {
    Internal = Machine.decodeLong(b, 0);
    InternalHigh = Machine.decodeLong(b, 8);
    Offset = Machine.decodeInt(b, 16);
    OffsetHigh = Machine.decodeInt(b, 20);
    long event = Machine.decodeLong(b, 24);
    hEvent = event == 0 ? null : new HANDLE(event);
  }

  @Override
  byte[] writeFields() {
    byte[] b = new byte[SIZE];
    Machine.putLong(b, 0, Internal);
    Machine.putLong(b, 8, InternalHigh);
    Machine.putInt(b, 16, Offset);
    Machine.putInt(b, 20, OffsetHigh);
    Machine.putLong(b, 24, hEvent == null ? 0 : hEvent.value());
    return b;
  }
}
