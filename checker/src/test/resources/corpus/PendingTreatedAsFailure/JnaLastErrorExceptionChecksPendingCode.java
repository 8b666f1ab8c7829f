package corpus.pendingtreatedasfailure;
// case: negative: a direct-mapped modem reader declares ReadFile to throw LastErrorException and, when it is thrown, rethrows only if the code is not ERROR_IO_PENDING; a pending read is waited for on the OVERLAPPED's event

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

public final class JnaLastErrorExceptionChecksPendingCode {
  static {
    Native.register("kernel32");
  }

  static native boolean ReadFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
      IntByReference lpNumberOfBytesRead, Pointer lpOverlapped) throws LastErrorException;

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  private final HANDLE modem;
  private final Memory response = new Memory(256);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaLastErrorExceptionChecksPendingCode(String port) {
    modem =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + port, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  public String readResponse() throws IOException {
    try {
      ReadFile(modem, response, (int) response.size(), null, ov.getPointer());
    } catch (LastErrorException e) {
      if (e.getErrorCode() != WinError.ERROR_IO_PENDING) {
        throw new IOException("modem read failed: error " + e.getErrorCode(), e);
      }
    }
    if (Kernel32.INSTANCE.WaitForSingleObject(ov.hEvent, WinBase.INFINITE) != WinBase.WAIT_OBJECT_0) {
      throw new IOException("wait failed: error " + Native.getLastError());
    }
    IntByReference got = new IntByReference();
    if (!GetOverlappedResult(modem, ov.getPointer(), got, false)) {
      throw new IOException("modem read failed: error " + Native.getLastError());
    }
    return new String(response.getByteArray(0, got.getValue()), StandardCharsets.US_ASCII).trim();
  }

  public void close() {
    Kernel32.INSTANCE.CloseHandle(modem);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
