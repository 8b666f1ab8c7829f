package corpus.staleoverlappedwriteback;
// case: positive: gamepad poller arms an input-report read in the constructor and re-arms it after each report; poll() checks the event without blocking and then passes the WinBase.OVERLAPPED field itself to GetOverlappedResult, writing the Java copy from issue time over the completed status and count

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

public final class JnaGamepadPollResultByValue implements AutoCloseable {
  interface HidKernel32 extends Kernel32 {
    HidKernel32 INSTANCE = Native.load("kernel32", HidKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, WinBase.OVERLAPPED lpOverlapped);

    boolean GetOverlappedResult(HANDLE hFile, WinBase.OVERLAPPED lpOverlapped,
        IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean GetOverlappedResult(HANDLE hFile, Pointer lpOverlapped,
        IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final HidKernel32 k32 = HidKernel32.INSTANCE;
  private final HANDLE pad;
  private final Memory report;
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaGamepadPollResultByValue(String devicePath, int reportLength) {
    pad =
        k32.CreateFile(
            devicePath, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    report = new Memory(reportLength);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    arm();
  }

  private void arm() {
    if (!k32.ReadFile(pad, report, (int) report.size(), null, ov)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("gamepad read failed: " + k32.GetLastError());
    }
  }

  /** The latest input report, or null if none arrived since the last poll. */
  public byte[] poll() {
    if (k32.WaitForSingleObject(ov.hEvent, 0) != WinBase.WAIT_OBJECT_0) {
      return null;
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(pad, ov, got, false)) { // expect: StaleOverlappedWriteBack
      throw new IllegalStateException("gamepad read failed: " + k32.GetLastError());
    }
    byte[] bytes = report.getByteArray(0, got.getValue());
    arm();
    return bytes;
  }

  @Override
  public void close() {
    k32.CancelIoEx(pad, ov.getPointer());
    k32.GetOverlappedResult(pad, ov.getPointer(), new IntByReference(), true);
    k32.CloseHandle(ov.hEvent);
    k32.CloseHandle(pad);
  }
}
