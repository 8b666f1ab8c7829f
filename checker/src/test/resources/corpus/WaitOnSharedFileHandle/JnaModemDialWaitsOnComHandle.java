package corpus.waitonsharedfilehandle;
// case: positive: modem dialer arms the response read, sends the ATD command, then waits with Kernel32.INSTANCE.WaitForSingleObject on the COM handle itself; with the read and the write both outstanding the signal does not say which finished

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

public final class JnaModemDialWaitsOnComHandle {
  interface Comm extends StdCallLibrary {
    Comm INSTANCE = Native.load("kernel32", Comm.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private final HANDLE modem;
  private final Memory response = new Memory(256);
  private final WinBase.OVERLAPPED responseOv = new WinBase.OVERLAPPED();
  private final Memory command = new Memory(64);
  private final WinBase.OVERLAPPED commandOv = new WinBase.OVERLAPPED();

  public JnaModemDialWaitsOnComHandle(String comPort) {
    modem =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + comPort, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    responseOv.write();
    commandOv.write();
  }

  public String dial(String number, int timeoutMillis) {
    if (!Comm.INSTANCE.ReadFile(modem, response, (int) response.size(), null, responseOv.getPointer())
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("read failed: " + Native.getLastError());
    }
    byte[] atd = ("ATD" + number + "\r").getBytes(StandardCharsets.US_ASCII);
    command.write(0, atd, 0, atd.length);
    if (!Comm.INSTANCE.WriteFile(modem, command, atd.length, null, commandOv.getPointer())
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("write failed: " + Native.getLastError());
    }

    if (Kernel32.INSTANCE.WaitForSingleObject(modem, timeoutMillis) != WinBase.WAIT_OBJECT_0) { // expect: WaitOnSharedFileHandle
      return null;
    }
    IntByReference got = new IntByReference();
    if (!Comm.INSTANCE.GetOverlappedResult(modem, responseOv.getPointer(), got, false)) {
      return null;
    }
    return new String(response.getByteArray(0, got.getValue()), StandardCharsets.US_ASCII).trim();
  }
}
