package corpus.completionroutineneverruns;
// case: negative: JNA direct-mapped display link pushes frames with WriteFileEx and waits on its stop event with WaitForSingleObjectEx whose bAlertable is the constant ALERTABLE (true); a timeout or stop cancels with CancelIoEx and the thread goes on sleeping alertably until the routine reports

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;

public final class DirectMappedAlertableWaitOnStopEvent {
  static {
    Native.register("kernel32");
  }

  public interface FrameWritten extends Callback {
    void invoke(int dwErrorCode, int dwNumberOfBytesTransfered, Pointer lpOverlapped);
  }

  static native boolean WriteFileEx(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite, Pointer lpOverlapped,
      FrameWritten lpCompletionRoutine);

  static native int WaitForSingleObjectEx(HANDLE hHandle, int dwMilliseconds, boolean bAlertable);

  static native int SleepEx(int dwMilliseconds, boolean bAlertable);

  static native boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);

  private static final boolean ALERTABLE = true;
  private static final int WAIT_IO_COMPLETION = 0xC0;
  private static final int ERROR_OPERATION_ABORTED = 995;

  private final HANDLE link;
  private final HANDLE stop;
  private final Memory frame;
  private final Memory overlapped = new Memory(32);
  private final FrameWritten onFrame = this::onFrameWritten;
  private boolean finished;
  private int frameError;

  public DirectMappedAlertableWaitOnStopEvent(HANDLE overlappedLink, HANDLE stop, int frameSize) {
    this.link = overlappedLink;
    this.stop = stop;
    this.frame = new Memory(frameSize);
  }

  public boolean push(byte[] pixels, int timeoutMillis) {
    frame.write(0, pixels, 0, pixels.length);
    overlapped.clear();
    finished = false;
    if (!WriteFileEx(link, frame, pixels.length, overlapped, onFrame)) {
      throw new IllegalStateException("frame not queued: " + Native.getLastError());
    }
    int r = WAIT_IO_COMPLETION;
    while (!finished && r == WAIT_IO_COMPLETION) {
      r = WaitForSingleObjectEx(stop, timeoutMillis, ALERTABLE);
    }
    if (!finished) {
      CancelIoEx(link, overlapped);
      while (!finished) {
        SleepEx(WinBase.INFINITE, ALERTABLE);
      }
    }
    if (frameError == ERROR_OPERATION_ABORTED) {
      return false;
    }
    if (frameError != 0) {
      throw new IllegalStateException("frame write failed: " + frameError);
    }
    return true;
  }

  private void onFrameWritten(int errorCode, int count, Pointer lpOverlapped) {
    frameError = errorCode;
    finished = true;
  }
}
