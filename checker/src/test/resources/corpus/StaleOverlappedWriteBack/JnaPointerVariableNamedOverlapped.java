package corpus.staleoverlappedwriteback;
// case: negative: data-logger reader on a COM port keeps the WinBase.OVERLAPPED Structure for issuing but hands GetOverlappedResult and CancelIoEx a Pointer local named overlapped taken from getPointer(); no Structure is passed after the read starts

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
import java.io.IOException;

public final class JnaPointerVariableNamedOverlapped implements AutoCloseable {
  interface DataLogger extends StdCallLibrary {
    DataLogger INSTANCE = Native.load("kernel32", DataLogger.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, WinBase.OVERLAPPED overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);

    boolean CancelIoEx(HANDLE h, Pointer overlapped);
  }

  private static final int BLOCK = 4096;

  private final HANDLE port;
  private final Memory block = new Memory(BLOCK);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaPointerVariableNamedOverlapped(String comPort) throws IOException {
    port =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + comPort, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(port)) {
      throw new IOException("cannot open " + comPort + ": " + Native.getLastError());
    }
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  public byte[] nextBlock(int timeoutMillis) throws IOException {
    if (!DataLogger.INSTANCE.ReadFile(port, block, BLOCK, null, ov)
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IOException("logger read failed: " + Native.getLastError());
    }
    Pointer overlapped = ov.getPointer();
    if (Kernel32.INSTANCE.WaitForSingleObject(ov.hEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
      DataLogger.INSTANCE.CancelIoEx(port, overlapped);
    }
    IntByReference got = new IntByReference();
    if (!DataLogger.INSTANCE.GetOverlappedResult(port, overlapped, got, true)) {
      int error = Native.getLastError();
      if (error == WinError.ERROR_OPERATION_ABORTED) {
        return null;
      }
      throw new IOException("logger read failed: " + error);
    }
    return block.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
    Kernel32.INSTANCE.CloseHandle(port);
  }
}
