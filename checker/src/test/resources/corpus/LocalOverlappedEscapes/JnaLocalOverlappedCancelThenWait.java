package corpus.localoverlappedescapes;
// case: negative: modem command/response with a method-local Memory and WinBase.OVERLAPPED; on timeout the read is cancelled with CancelIoEx and then awaited with GetOverlappedResult(bWait=TRUE) before the locals go out of scope

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

public final class JnaLocalOverlappedCancelThenWait {
  interface ModemKernel32 extends Kernel32 {
    ModemKernel32 INSTANCE = Native.load("kernel32", ModemKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final HANDLE modem;

  public JnaLocalOverlappedCancelThenWait(String comPort) {
    modem =
        ModemKernel32.INSTANCE.CreateFile(
            "\\\\.\\" + comPort, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
  }

  public String readResponse(int timeoutMillis) {
    ModemKernel32 k32 = ModemKernel32.INSTANCE;
    Memory response = new Memory(256);
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
    try {
      IntByReference count = new IntByReference();
      if (!k32.ReadFile(modem, response, 256, count, ov.getPointer())) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("modem read failed: " + error);
        }
        if (k32.WaitForSingleObject(ov.hEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
          k32.CancelIoEx(modem, ov.getPointer());
        }
        if (!k32.GetOverlappedResult(modem, ov.getPointer(), count, true)) {
          return null;
        }
      }
      return new String(response.getByteArray(0, count.getValue()), StandardCharsets.US_ASCII);
    } finally {
      k32.CloseHandle(ov.hEvent);
    }
  }
}
