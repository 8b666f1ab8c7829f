package corpus.pendingtreatedasfailure;
// case: positive: a direct-mapped modem reader declares ReadFile to throw LastErrorException and wraps any such exception in an IOException; on an overlapped COM handle a pending read sets last error 997, so JNA throws and the pending read is reported as a failure

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

public final class JnaLastErrorExceptionWrappedAsIoFailure {
  static {
    Native.register("kernel32");
  }

  static native boolean ReadFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
      IntByReference lpNumberOfBytesRead, Pointer lpOverlapped) throws LastErrorException;

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait)
      throws LastErrorException;

  private final HANDLE modem;
  private final Memory response = new Memory(256);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaLastErrorExceptionWrappedAsIoFailure(String port) {
    modem =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + port, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  public String readResponse() throws IOException {
    IntByReference got = new IntByReference();
    try {
      ReadFile(modem, response, (int) response.size(), null, ov.getPointer()); // expect: PendingTreatedAsFailure
      GetOverlappedResult(modem, ov.getPointer(), got, true);
    } catch (LastErrorException e) {
      throw new IOException("modem read failed: error " + e.getErrorCode(), e);
    }
    return new String(response.getByteArray(0, got.getValue()), StandardCharsets.US_ASCII).trim();
  }

  public void close() {
    Kernel32.INSTANCE.CloseHandle(modem);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
