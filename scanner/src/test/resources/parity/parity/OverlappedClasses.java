package parity;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/** Which Structure classes write back, as both front ends must decide it; not a real program. */
public final class OverlappedClasses {
  interface Io extends StdCallLibrary {
    Io INSTANCE = Native.load("kernel32", Io.class);

    boolean ReadFile(
        HANDLE h, Pointer buffer, int length, IntByReference read, WinBase.OVERLAPPED ov);

    boolean GetOverlappedResult(
        HANDLE h, WinBase.OVERLAPPED ov, IntByReference transferred, boolean wait);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Own ov);

    boolean GetOverlappedResult(HANDLE h, Own ov, IntByReference transferred, boolean wait);
  }

  /** The code's own OVERLAPPED, a plain Structure. */
  @Structure.FieldOrder({"Internal", "InternalHigh", "Offset", "OffsetHigh", "hEvent"})
  public static class Own extends Structure {
    public Pointer Internal;
    public Pointer InternalHigh;
    public int Offset;
    public int OffsetHigh;
    public HANDLE hEvent;
  }

  /** Turns the automatic read off, not the write. */
  static final class ReadOff extends OverlappedBases.Plain {
    ReadOff() {
      setAutoRead(false);
    }
  }

  /** Inherits Quiet's choice. */
  static final class QuietChild extends OverlappedBases.Quiet {}

  /** Writes only what it chooses. */
  static final class OwnWrite extends Own {
    @Override
    public void write() {
      writeField("hEvent");
    }
  }

  private final HANDLE device;
  private final Memory buffer = new Memory(512);

  public OverlappedClasses(String path) {
    device =
        Kernel32.INSTANCE.CreateFile(
            path,
            WinNT.GENERIC_READ,
            0,
            null,
            WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED,
            null);
  }

  private void start(WinBase.OVERLAPPED ov) {
    if (!Io.INSTANCE.ReadFile(device, buffer, 512, null, ov)
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("read failed");
    }
  }

  public int plain() {
    WinBase.OVERLAPPED ov = new OverlappedBases.Plain();
    start(ov);
    IntByReference got = new IntByReference();
    Io.INSTANCE.GetOverlappedResult(device, ov, got, true); // expect: StaleOverlappedWriteBack
    return got.getValue();
  }

  public int readOff() {
    WinBase.OVERLAPPED ov = new ReadOff();
    start(ov);
    IntByReference got = new IntByReference();
    Io.INSTANCE.GetOverlappedResult(device, ov, got, true); // expect: StaleOverlappedWriteBack
    return got.getValue();
  }

  public int quietChild() {
    WinBase.OVERLAPPED ov = new QuietChild();
    start(ov);
    IntByReference got = new IntByReference();
    Io.INSTANCE.GetOverlappedResult(device, ov, got, true);
    return got.getValue();
  }

  public int own() {
    Own ov = new Own();
    if (!Io.INSTANCE.ReadFile(device, buffer, 512, null, ov)
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("read failed");
    }
    IntByReference got = new IntByReference();
    Io.INSTANCE.GetOverlappedResult(device, ov, got, true); // expect: StaleOverlappedWriteBack
    return got.getValue();
  }

  public int ownWrite() {
    Own ov = new OwnWrite();
    if (!Io.INSTANCE.ReadFile(device, buffer, 512, null, ov)
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("read failed");
    }
    IntByReference got = new IntByReference();
    Io.INSTANCE.GetOverlappedResult(device, ov, got, true);
    return got.getValue();
  }
}
