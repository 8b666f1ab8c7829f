package corpus.waitonsharedfilehandle;
// case: positive: serial terminal keeps a receive armed with its own event and sends commands with an event-less OVERLAPPED, collecting each send with GetOverlappedResult(bWait=TRUE); that waits on the COM handle, which the receive's completion signals as well even though the receive also has an event of its own

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
import java.nio.charset.StandardCharsets;

public final class JnaSerialTerminalSendWaitsOnComHandle implements AutoCloseable {
  interface Comm extends StdCallLibrary {
    Comm INSTANCE = Native.load("kernel32", Comm.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);

    boolean CancelIoEx(HANDLE h, Pointer overlapped);
  }

  private final HANDLE com;
  private final Memory rx = new Memory(512);
  private final WinBase.OVERLAPPED rxOv = new WinBase.OVERLAPPED();
  private final Memory tx = new Memory(256);
  private final WinBase.OVERLAPPED txOv = new WinBase.OVERLAPPED();

  public JnaSerialTerminalSendWaitsOnComHandle(String portName) {
    com =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + portName, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(com)) {
      throw new IllegalStateException("cannot open " + portName + ": " + Native.getLastError());
    }
    rxOv.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    rxOv.write();
    txOv.write();
    armReceive();
  }

  private void armReceive() {
    Kernel32.INSTANCE.ResetEvent(rxOv.hEvent);
    if (!Comm.INSTANCE.ReadFile(com, rx, (int) rx.size(), null, rxOv.getPointer())
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("receive failed: " + Native.getLastError());
    }
  }

  public HANDLE receiveEvent() {
    return rxOv.hEvent;
  }

  public String takeReceived() {
    IntByReference got = new IntByReference();
    if (!Comm.INSTANCE.GetOverlappedResult(com, rxOv.getPointer(), got, true)) {
      throw new IllegalStateException("receive failed: " + Native.getLastError());
    }
    String text = new String(rx.getByteArray(0, got.getValue()), StandardCharsets.US_ASCII);
    armReceive();
    return text;
  }

  public void send(String command) {
    byte[] bytes = (command + "\r").getBytes(StandardCharsets.US_ASCII);
    int length = Math.min(bytes.length, (int) tx.size());
    tx.write(0, bytes, 0, length);
    if (!Comm.INSTANCE.WriteFile(com, tx, length, null, txOv.getPointer())
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("send failed: " + Native.getLastError());
    }
    IntByReference sent = new IntByReference();
    if (!Comm.INSTANCE.GetOverlappedResult(com, txOv.getPointer(), sent, true)) { // expect: WaitOnSharedFileHandle
      throw new IllegalStateException("send failed: " + Native.getLastError());
    }
  }

  @Override
  public void close() {
    Comm.INSTANCE.CancelIoEx(com, rxOv.getPointer());
    Comm.INSTANCE.GetOverlappedResult(com, rxOv.getPointer(), new IntByReference(), true);
    Kernel32.INSTANCE.CloseHandle(com);
    Kernel32.INSTANCE.CloseHandle(rxOv.hEvent);
  }
}
