package corpus.releasedwhilepending;
// case: negative: barcode reader thread waits on {read event, stop event}; on stop it calls CancelIoEx and then WaitForSingleObject on the OVERLAPPED's event until the aborted read completes, and only then closes the port and frees the buffer

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
import java.util.function.Consumer;

public final class JnaReaderThreadStopCancelsAndWaits implements Runnable {
  interface ScanKernel32 extends Kernel32 {
    ScanKernel32 INSTANCE = Native.load("kernel32", ScanKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final ScanKernel32 k32 = ScanKernel32.INSTANCE;
  private final HANDLE port;
  private final HANDLE stop;
  private final Consumer<String> onScan;
  private final Memory buffer = new Memory(512);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaReaderThreadStopCancelsAndWaits(String comPort, HANDLE stop, Consumer<String> onScan) {
    this.stop = stop;
    this.onScan = onScan;
    port =
        k32.CreateFile(
            "\\\\.\\" + comPort, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  @Override
  public void run() {
    try {
      while (true) {
        k32.ResetEvent(ov.hEvent);
        if (!k32.ReadFile(port, buffer, (int) buffer.size(), null, ov.getPointer())) {
          int error = k32.GetLastError();
          if (error != WinError.ERROR_IO_PENDING) {
            return;
          }
          int which = k32.WaitForMultipleObjects(2, new HANDLE[] {ov.hEvent, stop}, false, WinBase.INFINITE);
          if (which != WinBase.WAIT_OBJECT_0) {
            k32.CancelIoEx(port, ov.getPointer());
            k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
            return;
          }
        }
        IntByReference got = new IntByReference();
        if (!k32.GetOverlappedResult(port, ov.getPointer(), got, false)) {
          return;
        }
        if (got.getValue() > 0) {
          onScan.accept(new String(buffer.getByteArray(0, got.getValue()), StandardCharsets.US_ASCII));
        }
      }
    } finally {
      k32.CloseHandle(port);
      k32.CloseHandle(ov.hEvent);
      buffer.close();
    }
  }
}
