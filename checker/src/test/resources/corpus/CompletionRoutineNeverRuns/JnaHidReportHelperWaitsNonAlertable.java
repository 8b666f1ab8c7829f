package corpus.completionroutineneverruns;
// case: positive: HID reader issues ReadFileEx for an input report and hands the waiting to a helper that slices WaitForSingleObjectEx(stopEvent, slice, FALSE) until the routine marks the report ready; every wait on the issuing path is non-alertable, so the report is never delivered and the read always times out

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

public final class JnaHidReportHelperWaitsNonAlertable {
  interface HidIo extends StdCallLibrary {
    HidIo INSTANCE = Native.load("kernel32", HidIo.class, W32APIOptions.DEFAULT_OPTIONS);

    interface ReportRoutine extends StdCallCallback {
      void callback(int dwErrorCode, int dwNumberOfBytesTransfered, Pointer lpOverlapped);
    }

    boolean ReadFileEx(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead, Pointer lpOverlapped,
        ReportRoutine lpCompletionRoutine);

    int WaitForSingleObjectEx(HANDLE hHandle, int dwMilliseconds, boolean bAlertable);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private static final int SLICE_MILLIS = 50;

  private final HANDLE device;
  private final HANDLE stopEvent;
  private final int reportLength;
  private final Memory report;
  private final Memory overlapped = new Memory(32);
  private final HidIo.ReportRoutine routine = this::onReport;
  private volatile boolean reportReady;
  private volatile int reportError;

  public JnaHidReportHelperWaitsNonAlertable(String devicePath, int reportLength, HANDLE stopEvent) {
    this.device =
        Kernel32.INSTANCE.CreateFile(
            devicePath, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    this.reportLength = reportLength;
    this.report = new Memory(reportLength);
    this.stopEvent = stopEvent;
  }

  public byte[] readInputReport(int timeoutMillis) {
    reportReady = false;
    overlapped.clear();
    if (!HidIo.INSTANCE.ReadFileEx(device, report, reportLength, overlapped, routine)) { // expect: CompletionRoutineNeverRuns
      throw new IllegalStateException("ReadFileEx failed: " + Native.getLastError());
    }
    if (!awaitReport(timeoutMillis)) {
      HidIo.INSTANCE.CancelIoEx(device, overlapped);
      HidIo.INSTANCE.GetOverlappedResult(device, overlapped, new IntByReference(), true);
      return null;
    }
    if (reportError != 0) {
      throw new IllegalStateException("input report failed: " + reportError);
    }
    return report.getByteArray(0, reportLength);
  }

  private boolean awaitReport(int timeoutMillis) {
    for (int waited = 0; waited < timeoutMillis; waited += SLICE_MILLIS) {
      if (reportReady) {
        return true;
      }
      if (HidIo.INSTANCE.WaitForSingleObjectEx(stopEvent, SLICE_MILLIS, false) == WinBase.WAIT_OBJECT_0) {
        return false;
      }
    }
    return reportReady;
  }

  private void onReport(int errorCode, int count, Pointer lpOverlapped) {
    reportError = errorCode;
    reportReady = true;
  }

  public void close() {
    Kernel32.INSTANCE.CloseHandle(device);
  }
}
