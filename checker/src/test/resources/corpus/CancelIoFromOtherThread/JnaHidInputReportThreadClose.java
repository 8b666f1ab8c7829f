package corpus.canceliofromotherthread;
// case: positive: HID input-report listener (purejavahidapi style) reads reports on its own Java thread; close() is called by the application thread and uses CancelIo, which leaves the listener thread's pending ReadFile untouched, so join() blocks until the device sends another report

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
import java.util.function.Consumer;

public final class JnaHidInputReportThreadClose {
  interface HidKernel32 extends Kernel32 {
    HidKernel32 INSTANCE = Native.load("kernel32", HidKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIo(HANDLE hFile);
  }

  private final HANDLE device;
  private final int reportLength;
  private final Consumer<byte[]> listener;
  private final Thread inputThread;
  private volatile boolean open = true;

  public JnaHidInputReportThreadClose(String devicePath, int reportLength, Consumer<byte[]> listener) {
    this.reportLength = reportLength;
    this.listener = listener;
    this.device =
        HidKernel32.INSTANCE.CreateFile(
            devicePath,
            WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE,
            null,
            WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED,
            null);
    this.inputThread = new Thread(this::readReports, "hid-input");
    inputThread.setDaemon(true);
    inputThread.start();
  }

  private void readReports() {
    HidKernel32 k32 = HidKernel32.INSTANCE;
    Memory report = new Memory(reportLength);
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
    IntByReference transferred = new IntByReference();
    try {
      while (open) {
        if (!k32.ReadFile(device, report, reportLength, null, ov.getPointer())) {
          if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
            return;
          }
        }
        if (!k32.GetOverlappedResult(device, ov.getPointer(), transferred, true)) {
          return;
        }
        listener.accept(report.getByteArray(0, transferred.getValue()));
      }
    } finally {
      k32.CloseHandle(ov.hEvent);
    }
  }

  public void close() throws InterruptedException {
    open = false;
    HidKernel32.INSTANCE.CancelIo(device); // expect: CancelIoFromOtherThread
    inputThread.join();
    HidKernel32.INSTANCE.CloseHandle(device);
  }
}
