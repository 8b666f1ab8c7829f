package corpus.staleoverlappedwriteback;
// case: negative: modem driver uses a WinBase.OVERLAPPED subclass that calls setAutoSynch(false) and writes itself explicitly before each operation; passing that Structure to GetOverlappedResult and CancelIoEx writes nothing back, and read() refreshes it after the result is in

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

public final class JnaAutoSynchOffOverlapped implements AutoCloseable {
  interface Modem extends StdCallLibrary {
    Modem INSTANCE = Native.load("kernel32", Modem.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, WinBase.OVERLAPPED overlapped);

    boolean GetOverlappedResult(HANDLE h, WinBase.OVERLAPPED overlapped, IntByReference transferred, boolean wait);

    boolean CancelIoEx(HANDLE h, WinBase.OVERLAPPED overlapped);
  }

  static final class ManualOverlapped extends WinBase.OVERLAPPED {
    ManualOverlapped() {
      setAutoSynch(false);
    }
  }

  private final HANDLE modem;
  private final Memory line = new Memory(256);
  private final ManualOverlapped ov = new ManualOverlapped();

  public JnaAutoSynchOffOverlapped(String comPort) {
    modem =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + comPort, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  public String readResponse(int timeoutMillis) {
    ov.write();
    if (!Modem.INSTANCE.ReadFile(modem, line, (int) line.size(), null, ov)
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("modem read failed: " + Native.getLastError());
    }
    if (Kernel32.INSTANCE.WaitForSingleObject(ov.hEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
      Modem.INSTANCE.CancelIoEx(modem, ov);
    }
    IntByReference got = new IntByReference();
    boolean ok = Modem.INSTANCE.GetOverlappedResult(modem, ov, got, true);
    ov.read();
    if (!ok) {
      return null;
    }
    return new String(line.getByteArray(0, got.getValue()), StandardCharsets.US_ASCII).trim();
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
    Kernel32.INSTANCE.CloseHandle(modem);
  }
}
