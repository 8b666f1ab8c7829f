package corpus.releasedwhilepending;
// case: positive: pipe monitor keeps a read posted; close() asks GetOverlappedResult with bWait=FALSE whether it finished and, on ERROR_IO_INCOMPLETE, calls CancelIoEx, but then closes the pipe without waiting for the aborted read

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;
import java.nio.charset.StandardCharsets;

public final class JnaMonitorCloseAfterNonBlockingCheck implements AutoCloseable {
  interface MonitorKernel32 extends Kernel32 {
    MonitorKernel32 INSTANCE =
        Native.load("kernel32", MonitorKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final MonitorKernel32 k32 = MonitorKernel32.INSTANCE;
  private final HANDLE pipe;
  private final Memory line = new Memory(1024);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaMonitorCloseAfterNonBlockingCheck(String pipeName) {
    pipe =
        k32.CreateFile(
            pipeName, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(pipe)) {
      throw new IllegalStateException("cannot open " + pipeName + ": " + k32.GetLastError());
    }
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
    post();
  }

  private void post() {
    if (!k32.ReadFile(pipe, line, (int) line.size(), null, ov.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("monitor read failed: " + error);
      }
    }
  }

  /** The next chunk of monitor output; posts the next read. */
  public String next() {
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, ov.getPointer(), got, true)) {
      throw new IllegalStateException("monitor read failed: " + k32.GetLastError());
    }
    String text = new String(line.getByteArray(0, got.getValue()), StandardCharsets.UTF_8);
    post();
    return text;
  }

  @Override
  public void close() {
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, ov.getPointer(), got, false)
        && k32.GetLastError() == WinError.ERROR_IO_INCOMPLETE) {
      k32.CancelIoEx(pipe, ov.getPointer());
    }
    k32.CloseHandle(pipe); // expect: ReleasedWhilePending
  }
}
