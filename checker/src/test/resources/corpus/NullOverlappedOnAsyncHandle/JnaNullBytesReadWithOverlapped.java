package corpus.nulloverlappedonasynchandle;
// case: negative: overlapped COM-port reader passes null for lpNumberOfBytesRead (as the docs recommend for asynchronous calls) and a real OVERLAPPED pointer as the last argument; the only null is the count, not the OVERLAPPED

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

public final class JnaNullBytesReadWithOverlapped implements AutoCloseable {
  interface Serial extends StdCallLibrary {
    Serial INSTANCE = Native.load("kernel32", Serial.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean WriteFile(HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(HANDLE hFile, Pointer lpOverlapped,
        IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final HANDLE port;
  private final Memory rx = new Memory(256);
  private final Memory tx = new Memory(256);
  private final Memory rxOv = new Memory(32);
  private final Memory txOv = new Memory(32);

  public JnaNullBytesReadWithOverlapped(String comPort) {
    port =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + comPort, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    rxOv.clear();
    txOv.clear();
    rxOv.setPointer(24, Kernel32.INSTANCE.CreateEvent(null, true, false, null).getPointer());
    txOv.setPointer(24, Kernel32.INSTANCE.CreateEvent(null, true, false, null).getPointer());
  }

  public byte[] transact(byte[] frame, int timeoutMillis) {
    tx.write(0, frame, 0, frame.length);
    if (!Serial.INSTANCE.WriteFile(port, tx, frame.length, null, txOv)
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("write failed: " + Native.getLastError());
    }
    if (!Serial.INSTANCE.GetOverlappedResult(port, txOv, new IntByReference(), true)) {
      throw new IllegalStateException("write failed: " + Native.getLastError());
    }

    if (!Serial.INSTANCE.ReadFile(port, rx, (int) rx.size(), null, rxOv)
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("read failed: " + Native.getLastError());
    }
    HANDLE rxEvent = new HANDLE(rxOv.getPointer(24));
    if (Kernel32.INSTANCE.WaitForSingleObject(rxEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
      Serial.INSTANCE.CancelIoEx(port, rxOv);
    }
    IntByReference got = new IntByReference();
    if (!Serial.INSTANCE.GetOverlappedResult(port, rxOv, got, true)) {
      return new byte[0];
    }
    return rx.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(new HANDLE(rxOv.getPointer(24)));
    Kernel32.INSTANCE.CloseHandle(new HANDLE(txOv.getPointer(24)));
    Kernel32.INSTANCE.CloseHandle(port);
  }
}
