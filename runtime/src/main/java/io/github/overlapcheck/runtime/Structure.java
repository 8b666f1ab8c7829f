package io.github.overlapcheck.runtime;

/**
 * A Java object mirroring a native struct, with JNA's automatic synchronisation: when passed by
 * value to a {@link Kernel32} function, every Java field is written to native memory before the
 * call ({@link #write()}) and read back after it ({@link #read()}). Passing {@link #getPointer()}
 * instead, or turning auto-sync off, skips both.
 */
public abstract class Structure {
  private final Pointer memory;
  private boolean autoRead = true;
  private boolean autoWrite = true;

  Structure(Pointer memory) {
    this.memory = memory;
  }

  /** The native memory behind this structure. Passing it does no synchronisation. */
  public final Pointer getPointer() {
    return memory;
  }

  /** Copies native memory into the Java fields. */
  public final void read() {
    readFields(memory.getByteArray(0, size()));
  }

  /** Copies every Java field into native memory. */
  public final void write() {
    byte[] bytes = writeFields();
    memory.write(0, bytes, 0, bytes.length);
  }

  public final void setAutoSynch(boolean auto) {
    autoRead = auto;
    autoWrite = auto;
  }

  public final void setAutoRead(boolean auto) {
    autoRead = auto;
  }

  public final void setAutoWrite(boolean auto) {
    autoWrite = auto;
  }

  public final boolean getAutoRead() {
    return autoRead;
  }

  public final boolean getAutoWrite() {
    return autoWrite;
  }

  public abstract int size();

  abstract void readFields(byte[] bytes);

  abstract byte[] writeFields();

  final void beforeCall() {
    if (autoWrite) {
      write();
    }
  }

  final void afterCall() {
    if (autoRead) {
      read();
    }
  }
}
