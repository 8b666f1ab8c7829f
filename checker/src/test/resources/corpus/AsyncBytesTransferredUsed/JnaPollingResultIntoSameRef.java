package corpus.asyncbytestransferredused;
// case: negative: barcode scanner reader polls a pending read with GetOverlappedResult(bWait FALSE) between short event waits, passing the same IntByReference it gave ReadFile; the loop only ends once GetOverlappedResult has stored the completion's count there

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

public final class JnaPollingResultIntoSameRef {
  interface ScannerIo extends StdCallLibrary {
    ScannerIo INSTANCE = Native.load("kernel32", ScannerIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private final HANDLE scanner;
  private final Memory scan = new Memory(64);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaPollingResultIntoSameRef(String devicePath) {
    scanner =
        Kernel32.INSTANCE.CreateFile(
            devicePath, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  public String nextBarcode(Runnable onIdle) {
    IntByReference got = new IntByReference();
    if (!ScannerIo.INSTANCE.ReadFile(scanner, scan, (int) scan.size(), got, ov.getPointer())) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("scanner read failed: " + error);
      }
      while (!ScannerIo.INSTANCE.GetOverlappedResult(scanner, ov.getPointer(), got, false)) {
        error = Native.getLastError();
        if (error != WinError.ERROR_IO_INCOMPLETE) {
          throw new IllegalStateException("scanner read failed: " + error);
        }
        onIdle.run();
        Kernel32.INSTANCE.WaitForSingleObject(ov.hEvent, 20);
      }
    }
    int length = got.getValue();
    return new String(scan.getByteArray(0, length), StandardCharsets.US_ASCII).trim();
  }

  public void close() {
    Kernel32.INSTANCE.CloseHandle(scanner);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
