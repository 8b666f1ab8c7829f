package corpus.modifiedwhilepending;
// case: positive: Modbus RTU master waits for a slave's response with a timeout and, when it expires, retransmits the request and posts the response ReadFile again on the same buffer and OVERLAPPED, while the timed-out read is still pending (never cancelled)

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

public final class JnaModbusRetransmitReusesPendingRead {
  interface Serial extends StdCallLibrary {
    Serial INSTANCE = Native.load("kernel32", Serial.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE file, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean WriteFile(HANDLE file, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE file, Pointer overlapped, IntByReference transferred, boolean wait);

    boolean CancelIoEx(HANDLE file, Pointer overlapped);

    int WaitForSingleObject(HANDLE handle, int milliseconds);

    HANDLE CreateEvent(Pointer attributes, boolean manualReset, boolean initialState, String name);

    boolean ResetEvent(HANDLE event);

    int GetLastError();
  }

  private static final int MAX_ADU = 256;
  private static final int ATTEMPTS = 3;

  private final Serial io = Serial.INSTANCE;
  private final HANDLE port;
  private final Memory tx = new Memory(MAX_ADU);
  private final Memory rx = new Memory(MAX_ADU);
  private final WinBase.OVERLAPPED txOv = new WinBase.OVERLAPPED();
  private final WinBase.OVERLAPPED rxOv = new WinBase.OVERLAPPED();

  public JnaModbusRetransmitReusesPendingRead(HANDLE overlappedComPort) {
    this.port = overlappedComPort;
    txOv.hEvent = io.CreateEvent(null, true, false, null);
    txOv.write();
    rxOv.hEvent = io.CreateEvent(null, true, false, null);
    rxOv.write();
  }

  /** Sends a request ADU and returns the response ADU, or null when the slave stays silent. */
  public byte[] transact(byte[] adu, int timeoutMillis) {
    tx.write(0, adu, 0, adu.length);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      send(adu.length);
      io.ResetEvent(rxOv.hEvent);
      if (!io.ReadFile(port, rx, MAX_ADU, null, rxOv.getPointer())) { // expect: ModifiedWhilePending
        int error = io.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("response read failed: error " + error);
        }
        if (io.WaitForSingleObject(rxOv.hEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
          continue;
        }
      }
      IntByReference got = new IntByReference();
      if (io.GetOverlappedResult(port, rxOv.getPointer(), got, false) && got.getValue() > 0) {
        return rx.getByteArray(0, got.getValue());
      }
    }
    io.CancelIoEx(port, rxOv.getPointer());
    io.GetOverlappedResult(port, rxOv.getPointer(), new IntByReference(), true);
    return null;
  }

  private void send(int length) {
    if (!io.WriteFile(port, tx, length, null, txOv.getPointer())) {
      int error = io.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("request write failed: error " + error);
      }
    }
    IntByReference sent = new IntByReference();
    if (!io.GetOverlappedResult(port, txOv.getPointer(), sent, true)) {
      throw new IllegalStateException("request write failed: error " + io.GetLastError());
    }
  }
}
