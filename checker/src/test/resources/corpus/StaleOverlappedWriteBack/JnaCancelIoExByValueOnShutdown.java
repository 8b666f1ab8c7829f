package corpus.staleoverlappedwriteback;
// case: positive: HID listener thread's stop() cancels the outstanding report read with a CancelIoEx declared to take the WinBase.OVERLAPPED Structure; JNA writes the stale Java fields back first, so a report that completed just before the cancel loses its status and byte count

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
import java.util.function.Consumer;

public final class JnaCancelIoExByValueOnShutdown {
  interface Hid extends StdCallLibrary {
    Hid INSTANCE = Native.load("kernel32", Hid.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, WinBase.OVERLAPPED overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);

    boolean CancelIoEx(HANDLE h, WinBase.OVERLAPPED overlapped);
  }

  private final HANDLE device;
  private final HANDLE stopEvent;
  private final Memory report;
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaCancelIoExByValueOnShutdown(String path, int reportSize) {
    device =
        Kernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    stopEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    report = new Memory(reportSize);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  /** Runs on the listener thread until stop() is called. */
  public void listen(Consumer<byte[]> onReport) {
    HANDLE[] waitOn = {ov.hEvent, stopEvent};
    while (true) {
      if (!Hid.INSTANCE.ReadFile(device, report, (int) report.size(), null, ov)
          && Native.getLastError() != WinError.ERROR_IO_PENDING) {
        return;
      }
      int which = Kernel32.INSTANCE.WaitForMultipleObjects(2, waitOn, false, WinBase.INFINITE);
      if (which != WinBase.WAIT_OBJECT_0) {
        Hid.INSTANCE.CancelIoEx(device, ov); // expect: StaleOverlappedWriteBack
        Hid.INSTANCE.GetOverlappedResult(device, ov.getPointer(), new IntByReference(), true);
        return;
      }
      IntByReference got = new IntByReference();
      if (!Hid.INSTANCE.GetOverlappedResult(device, ov.getPointer(), got, false)) {
        return;
      }
      onReport.accept(report.getByteArray(0, got.getValue()));
    }
  }

  public void stop() {
    Kernel32.INSTANCE.SetEvent(stopEvent);
  }
}
