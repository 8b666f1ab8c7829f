package corpus.completionroutineneverruns;
// case: negative: pipe server reads each request with ReadFileEx and waits in WaitForMultipleObjectsEx on its shutdown event with bAlertable TRUE, looping on WAIT_IO_COMPLETION; on shutdown it cancels with CancelIoEx and keeps sleeping alertably until the aborted routine has run

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

public final class JnaPipeServerWaitForMultipleObjectsExAlertable {
  interface PipeServerIo extends StdCallLibrary {
    PipeServerIo INSTANCE = Native.load("kernel32", PipeServerIo.class, W32APIOptions.DEFAULT_OPTIONS);

    int WAIT_IO_COMPLETION = 0xC0;

    interface RequestRead extends StdCallCallback {
      void callback(int dwErrorCode, int dwNumberOfBytesTransfered, Pointer lpOverlapped);
    }

    boolean ReadFileEx(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead, Pointer lpOverlapped,
        RequestRead lpCompletionRoutine);

    int WaitForMultipleObjectsEx(
        int nCount, HANDLE[] lpHandles, boolean bWaitAll, int dwMilliseconds, boolean bAlertable);

    int SleepEx(int dwMilliseconds, boolean bAlertable);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final HANDLE pipe;
  private final HANDLE shutdown;
  private final Memory request = new Memory(4096);
  private final Memory overlapped = new Memory(32);
  private final PipeServerIo.RequestRead onRequest = this::onRequest;
  private boolean done;
  private int requestError;
  private int requestLength;

  public JnaPipeServerWaitForMultipleObjectsExAlertable(HANDLE connectedPipe, HANDLE shutdown) {
    this.pipe = connectedPipe;
    this.shutdown = shutdown;
  }

  public byte[] nextRequest() {
    done = false;
    overlapped.clear();
    if (!PipeServerIo.INSTANCE.ReadFileEx(pipe, request, (int) request.size(), overlapped, onRequest)) {
      int error = Native.getLastError();
      if (error == WinError.ERROR_BROKEN_PIPE) {
        return null;
      }
      throw new IllegalStateException("ReadFileEx failed: " + error);
    }
    HANDLE[] wake = {shutdown};
    boolean cancelled = false;
    while (!done && !cancelled) {
      int r = PipeServerIo.INSTANCE.WaitForMultipleObjectsEx(1, wake, false, WinBase.INFINITE, true);
      if (r != PipeServerIo.WAIT_IO_COMPLETION) {
        PipeServerIo.INSTANCE.CancelIoEx(pipe, overlapped);
        cancelled = true;
      }
    }
    while (!done) {
      PipeServerIo.INSTANCE.SleepEx(WinBase.INFINITE, true);
    }
    if (requestError == WinError.ERROR_OPERATION_ABORTED || requestError == WinError.ERROR_BROKEN_PIPE) {
      return null;
    }
    if (requestError != 0) {
      throw new IllegalStateException("request read failed: " + requestError);
    }
    return request.getByteArray(0, requestLength);
  }

  private void onRequest(int errorCode, int count, Pointer lpOverlapped) {
    requestError = errorCode;
    requestLength = count;
    done = true;
  }
}
