package corpus.failuretreatedaspending;
// case: positive: a GPS receiver reader assumes every FALSE from an overlapped ReadFile means "pending" and waits on the OVERLAPPED's event; when the read fails outright (device unplugged, bad parameter) the event is never signalled and the wait never returns

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

public final class JnaComPortAnyFalseWaitsOnEvent {
  interface SerialIo extends StdCallLibrary {
    SerialIo INSTANCE = Native.load("kernel32", SerialIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private final HANDLE gps;
  private final Memory rx = new Memory(512);
  private final WinBase.OVERLAPPED rxOv = new WinBase.OVERLAPPED();
  private final StringBuilder pending = new StringBuilder();

  public JnaComPortAnyFalseWaitsOnEvent(String port) {
    gps =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + port, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    rxOv.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    rxOv.write();
  }

  public String nextSentence() throws IOException {
    IntByReference got = new IntByReference();
    while (pending.indexOf("\r\n") < 0) {
      if (!SerialIo.INSTANCE.ReadFile(gps, rx, (int) rx.size(), null, rxOv.getPointer())) {
        Kernel32.INSTANCE.WaitForSingleObject(rxOv.hEvent, WinBase.INFINITE); // expect: FailureTreatedAsPending
      }
      if (!SerialIo.INSTANCE.GetOverlappedResult(gps, rxOv.getPointer(), got, false)) {
        throw new IOException("GPS read failed: error " + Native.getLastError());
      }
      pending.append(new String(rx.getByteArray(0, got.getValue()), StandardCharsets.US_ASCII));
    }
    int end = pending.indexOf("\r\n");
    String sentence = pending.substring(0, end);
    pending.delete(0, end + 2);
    return sentence;
  }

  public void close() {
    Kernel32.INSTANCE.CloseHandle(gps);
    Kernel32.INSTANCE.CloseHandle(rxOv.hEvent);
  }
}
