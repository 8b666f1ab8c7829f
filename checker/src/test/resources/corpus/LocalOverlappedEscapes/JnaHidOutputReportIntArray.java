package corpus.localoverlappedescapes;
// case: positive: HID output report sent with a user-declared WriteFile(HANDLE, byte[], int, int[], OVERLAPPED) on an overlapped device handle; the report array is copied by JNA and the copy is freed as soon as the call returns pending

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.win32.StdCallLibrary;

public final class JnaHidOutputReportIntArray {
  interface HidIo extends StdCallLibrary {
    HidIo INSTANCE = Native.load("kernel32", HidIo.class);

    int GENERIC_READ = 0x80000000;
    int GENERIC_WRITE = 0x40000000;
    int FILE_SHARE_READ = 0x1;
    int FILE_SHARE_WRITE = 0x2;
    int OPEN_EXISTING = 3;
    int FILE_FLAG_OVERLAPPED = 0x40000000;
    int ERROR_IO_PENDING = 997;

    HANDLE CreateFileA(
        String name, int access, int share, WinBase.SECURITY_ATTRIBUTES security, int disposition,
        int flags, HANDLE template);

    boolean WriteFile(
        HANDLE hFile, byte[] lpBuffer, int nNumberOfBytesToWrite, int[] lpNumberOfBytesWritten,
        WinBase.OVERLAPPED lpOverlapped);

    int WaitForSingleObject(HANDLE handle, int millis);
  }

  private final HANDLE device;
  private final WinBase.OVERLAPPED writeOverlapped = new WinBase.OVERLAPPED();
  private final int outputReportLength;

  public JnaHidOutputReportIntArray(String devicePath, int outputReportLength) {
    this.outputReportLength = outputReportLength;
    device =
        HidIo.INSTANCE.CreateFileA(
            devicePath,
            HidIo.GENERIC_READ | HidIo.GENERIC_WRITE,
            HidIo.FILE_SHARE_READ | HidIo.FILE_SHARE_WRITE,
            null,
            HidIo.OPEN_EXISTING,
            HidIo.FILE_FLAG_OVERLAPPED,
            null);
    writeOverlapped.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  public boolean setFeatureLeds(int reportId, int ledMask, int timeoutMillis) {
    byte[] report = new byte[outputReportLength];
    report[0] = (byte) reportId;
    report[1] = (byte) ledMask;
    int[] written = new int[1];
    Kernel32.INSTANCE.ResetEvent(writeOverlapped.hEvent);
    if (!HidIo.INSTANCE.WriteFile(device, report, report.length, written, writeOverlapped)) { // expect: LocalOverlappedEscapes
      if (Native.getLastError() != HidIo.ERROR_IO_PENDING) {
        return false;
      }
      return HidIo.INSTANCE.WaitForSingleObject(writeOverlapped.hEvent, timeoutMillis)
          == WinBase.WAIT_OBJECT_0;
    }
    return written[0] == report.length;
  }
}
