package corpus.modifiedwhilepending;
// case: positive: direct-mapped serial port keeps a read posted at all times (constructor and receive() post it) and send() issues its WriteFile with that same OVERLAPPED while the posted read is still pending

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

public final class JnaDirectDuplexSerialSharedOverlapped implements AutoCloseable {
  static {
    Native.register("kernel32");
  }

  static native boolean ReadFile(HANDLE file, Pointer buffer, int length, IntByReference read, Pointer overlapped);

  static native boolean WriteFile(HANDLE file, Pointer buffer, int length, IntByReference written, Pointer overlapped);

  static native boolean GetOverlappedResult(HANDLE file, Pointer overlapped, IntByReference transferred, boolean wait);

  static native boolean CancelIoEx(HANDLE file, Pointer overlapped);

  private static final int RX_SIZE = 1024;
  private static final int TX_SIZE = 1024;

  private final HANDLE port;
  private final Memory rx = new Memory(RX_SIZE);
  private final Memory tx = new Memory(TX_SIZE);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaDirectDuplexSerialSharedOverlapped(HANDLE overlappedComPort) {
    this.port = overlappedComPort;
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
    postRead();
  }

  private void postRead() {
    if (!ReadFile(port, rx, RX_SIZE, null, ov.getPointer())) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("serial read failed: error " + error);
      }
    }
  }

  /** Blocks until bytes arrive, returns them, and posts the next read. */
  public byte[] receive() {
    IntByReference got = new IntByReference();
    if (!GetOverlappedResult(port, ov.getPointer(), got, true)) {
      throw new IllegalStateException("serial read failed: error " + Native.getLastError());
    }
    byte[] data = rx.getByteArray(0, got.getValue());
    postRead();
    return data;
  }

  public void send(byte[] data) {
    if (data.length > TX_SIZE) {
      throw new IllegalArgumentException("frame too long");
    }
    tx.write(0, data, 0, data.length);
    if (!WriteFile(port, tx, data.length, null, ov.getPointer())) { // expect: ModifiedWhilePending
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("serial write failed: error " + error);
      }
    }
    IntByReference sent = new IntByReference();
    if (!GetOverlappedResult(port, ov.getPointer(), sent, true)) {
      throw new IllegalStateException("serial write failed: error " + Native.getLastError());
    }
  }

  @Override
  public void close() {
    CancelIoEx(port, ov.getPointer());
    GetOverlappedResult(port, ov.getPointer(), new IntByReference(), true);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
