package corpus.localoverlappedescapes;
// case: negative: serial reader keeps its Memory buffer and WinBase.OVERLAPPED in fields, so returning while the read is pending is fine; poll() collects the result later through getPointer()

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

public final class JnaSerialReaderStateInFields implements AutoCloseable {
  interface SerialApi extends StdCallLibrary {
    SerialApi INSTANCE = Native.load("kernel32", SerialApi.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final HANDLE port;
  private final Memory rxBuffer = new Memory(1024);
  private final WinBase.OVERLAPPED rxOverlapped = new WinBase.OVERLAPPED();
  private boolean readPending;

  public JnaSerialReaderStateInFields(String portName) {
    port =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + portName, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    rxOverlapped.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    rxOverlapped.write();
  }

  /** Returns the bytes available now, or null when the read was left pending. */
  public byte[] startRead() {
    if (readPending) {
      return poll();
    }
    IntByReference read = new IntByReference();
    if (SerialApi.INSTANCE.ReadFile(port, rxBuffer, (int) rxBuffer.size(), read, rxOverlapped.getPointer())) {
      return rxBuffer.getByteArray(0, read.getValue());
    }
    int error = Native.getLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("serial read failed: " + error);
    }
    readPending = true;
    return null;
  }

  public byte[] poll() {
    IntByReference read = new IntByReference();
    if (!SerialApi.INSTANCE.GetOverlappedResult(port, rxOverlapped.getPointer(), read, false)) {
      int error = Native.getLastError();
      if (error == WinError.ERROR_IO_INCOMPLETE) {
        return null;
      }
      readPending = false;
      throw new IllegalStateException("serial read failed: " + error);
    }
    readPending = false;
    return rxBuffer.getByteArray(0, read.getValue());
  }

  public HANDLE readEvent() {
    return rxOverlapped.hEvent;
  }

  @Override
  public void close() {
    if (readPending) {
      SerialApi.INSTANCE.CancelIoEx(port, rxOverlapped.getPointer());
      SerialApi.INSTANCE.GetOverlappedResult(port, rxOverlapped.getPointer(), new IntByReference(), true);
    }
    Kernel32.INSTANCE.CloseHandle(port);
    Kernel32.INSTANCE.CloseHandle(rxOverlapped.hEvent);
  }
}
