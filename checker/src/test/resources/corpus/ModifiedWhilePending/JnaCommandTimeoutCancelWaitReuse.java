package corpus.modifiedwhilepending;
// case: negative: barcode scanner driver sends trigger commands; when the acknowledgement read times out it calls CancelIoEx and then waits for the aborted read with GetOverlappedResult(bWait=TRUE), so the next command's buffer and OVERLAPPED writes happen after completion

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;

public final class JnaCommandTimeoutCancelWaitReuse {
  interface ScannerKernel32 extends Kernel32 {
    ScannerKernel32 INSTANCE =
        Native.load("kernel32", ScannerKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private static final int BUF = 64;

  private final ScannerKernel32 k32 = ScannerKernel32.INSTANCE;
  private final HANDLE scanner;
  private final Memory buf = new Memory(BUF);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaCommandTimeoutCancelWaitReuse(HANDLE overlappedScannerPort) {
    this.scanner = overlappedScannerPort;
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  /** Sends each command and waits for its one-byte ACK; returns how many were acknowledged. */
  public int sendAll(String[] commands, int ackTimeoutMillis) {
    int acked = 0;
    for (String command : commands) {
      byte[] bytes = (command + "\r").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      buf.write(0, bytes, 0, Math.min(bytes.length, BUF));
      ov.Offset = 0;
      ov.OffsetHigh = 0;
      ov.write();
      if (!transfer(true, Math.min(bytes.length, BUF), WinBase.INFINITE)) {
        continue;
      }
      buf.setByte(0, (byte) 0);
      if (transfer(false, 1, ackTimeoutMillis) && buf.getByte(0) == 0x06) {
        acked++;
      }
    }
    return acked;
  }

  private boolean transfer(boolean write, int length, int timeoutMillis) {
    k32.ResetEvent(ov.hEvent);
    boolean started =
        write
            ? k32.WriteFile(scanner, buf, length, null, ov.getPointer())
            : k32.ReadFile(scanner, buf, length, null, ov.getPointer());
    if (!started) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        return false;
      }
      if (k32.WaitForSingleObject(ov.hEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
        k32.CancelIoEx(scanner, ov.getPointer());
      }
    }
    IntByReference count = new IntByReference();
    return k32.GetOverlappedResult(scanner, ov.getPointer(), count, true) && count.getValue() == length;
  }
}
