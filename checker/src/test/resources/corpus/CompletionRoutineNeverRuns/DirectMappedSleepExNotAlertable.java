package corpus.completionroutineneverruns;
// case: positive: license-dongle client using JNA direct mapping issues ReadFileEx and then polls its completion flag with SleepEx(POLL, FALSE); a non-alertable SleepEx never delivers the queued routine, so the poll loop always runs into its deadline

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

public final class DirectMappedSleepExNotAlertable {
  static {
    Native.register("kernel32");
  }

  public interface CompletionRoutine extends Callback {
    void invoke(int dwErrorCode, int dwNumberOfBytesTransfered, Pointer lpOverlapped);
  }

  static native boolean ReadFileEx(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead, Pointer lpOverlapped,
      CompletionRoutine lpCompletionRoutine);

  static native int SleepEx(int dwMilliseconds, boolean bAlertable);

  static native boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  private static final int CHALLENGE_RESPONSE = 48;
  private static final int POLL_MILLIS = 10;

  private final HANDLE dongle;
  private final Memory response = new Memory(CHALLENGE_RESPONSE);
  private final Memory overlapped = new Memory(32);
  private final CompletionRoutine onResponse = this::onResponse;
  private volatile boolean done;
  private volatile int status;

  public DirectMappedSleepExNotAlertable(HANDLE overlappedDongle) {
    this.dongle = overlappedDongle;
  }

  public byte[] awaitResponse(long deadlineMillis) {
    done = false;
    overlapped.clear();
    if (!ReadFileEx(dongle, response, CHALLENGE_RESPONSE, overlapped, onResponse)) { // expect: CompletionRoutineNeverRuns
      throw new IllegalStateException("ReadFileEx failed: " + Native.getLastError());
    }
    long start = System.currentTimeMillis();
    while (!done) {
      if (System.currentTimeMillis() - start > deadlineMillis) {
        CancelIoEx(dongle, overlapped);
        GetOverlappedResult(dongle, overlapped, new IntByReference(), true);
        throw new IllegalStateException("dongle did not respond");
      }
      SleepEx(POLL_MILLIS, false);
    }
    if (status != 0) {
      throw new IllegalStateException("dongle read failed: " + status);
    }
    return response.getByteArray(0, CHALLENGE_RESPONSE);
  }

  private void onResponse(int errorCode, int count, Pointer lpOverlapped) {
    status = errorCode != 0 ? errorCode : count == CHALLENGE_RESPONSE ? 0 : -1;
    done = true;
  }
}
