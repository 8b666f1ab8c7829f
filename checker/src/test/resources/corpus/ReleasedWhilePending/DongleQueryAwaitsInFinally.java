package corpus.releasedwhilepending;
// case: negative: licence-dongle query reads the answer into a per-call buffer; on timeout it calls CancelIoEx and returns, and the finally waits for the outstanding read with GetOverlappedResult(bWait=TRUE) before it frees the buffer

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class DongleQueryAwaitsInFinally {
  private static final int ANSWER_MAX = 128;

  private final Kernel32 k32;
  private final HANDLE dongle;
  private final OVERLAPPED ov;

  public DongleQueryAwaitsInFinally(Kernel32 k32, HANDLE overlappedDonglePipe) {
    this.k32 = k32;
    this.dongle = overlappedDonglePipe;
    this.ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  /** The dongle's next answer, or null when it does not answer in time. */
  public byte[] awaitAnswer(int timeoutMillis) {
    Memory answer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, ANSWER_MAX);
    boolean outstanding = false;
    try {
      k32.ResetEvent(ov.hEvent);
      if (!k32.ReadFile(dongle, answer, ANSWER_MAX, null, ov.getPointer())) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          return null;
        }
        outstanding = true;
        if (k32.WaitForSingleObject(ov.hEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
          k32.CancelIoEx(dongle, ov.getPointer());
          return null;
        }
        outstanding = false;
      }
      IntByReference got = new IntByReference();
      if (!k32.GetOverlappedResult(dongle, ov.getPointer(), got, false)) {
        return null;
      }
      return answer.getByteArray(0, got.getValue());
    } finally {
      if (outstanding) {
        k32.GetOverlappedResult(dongle, ov.getPointer(), new IntByReference(), true);
      }
      k32.LocalFree(answer);
    }
  }
}
