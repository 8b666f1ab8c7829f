package corpus.waitonsharedfilehandle;
// case: negative: PLC link on a COM port with a read and a write both outstanding waits with WaitForMultipleObjects on the two OVERLAPPED events, never on the COM handle

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

public final class JnaComPortWaitsOnReadWriteEvents implements AutoCloseable {
  interface Serial extends StdCallLibrary {
    Serial INSTANCE = Native.load("kernel32", Serial.class);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private final HANDLE com;
  private final Memory rx = new Memory(256);
  private final Memory tx = new Memory(256);
  private final WinBase.OVERLAPPED rxOv = new WinBase.OVERLAPPED();
  private final WinBase.OVERLAPPED txOv = new WinBase.OVERLAPPED();

  public JnaComPortWaitsOnReadWriteEvents(String portName) {
    com =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + portName, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    rxOv.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    txOv.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    rxOv.write();
    txOv.write();
  }

  public byte[] transact(byte[] frame, int timeoutMillis) {
    Kernel32.INSTANCE.ResetEvent(rxOv.hEvent);
    Kernel32.INSTANCE.ResetEvent(txOv.hEvent);
    if (!Serial.INSTANCE.ReadFile(com, rx, (int) rx.size(), null, rxOv.getPointer())
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("rx failed: " + Native.getLastError());
    }
    tx.write(0, frame, 0, frame.length);
    if (!Serial.INSTANCE.WriteFile(com, tx, frame.length, null, txOv.getPointer())
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("tx failed: " + Native.getLastError());
    }
    int both =
        Kernel32.INSTANCE.WaitForMultipleObjects(
            2, new HANDLE[] {txOv.hEvent, rxOv.hEvent}, true, timeoutMillis);
    if (both != WinBase.WAIT_OBJECT_0) {
      return null;
    }
    IntByReference got = new IntByReference();
    if (!Serial.INSTANCE.GetOverlappedResult(com, rxOv.getPointer(), got, false)) {
      return null;
    }
    return rx.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(com);
    Kernel32.INSTANCE.CloseHandle(rxOv.hEvent);
    Kernel32.INSTANCE.CloseHandle(txOv.hEvent);
  }
}
