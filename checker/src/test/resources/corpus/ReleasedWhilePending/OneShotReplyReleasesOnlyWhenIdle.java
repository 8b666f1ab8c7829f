package corpus.releasedwhilepending;
// case: negative: one-shot reply reader opens the pipe and allocates the buffer per call; it releases both right away only when ReadFile failed with an error other than ERROR_IO_PENDING (nothing started), and otherwise after GetOverlappedResult(bWait=TRUE)

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

public final class OneShotReplyReleasesOnlyWhenIdle {
  private static final int REPLY_MAX = 1024;

  private final Kernel32 k32;
  private final OVERLAPPED ov;

  public OneShotReplyReleasesOnlyWhenIdle(Kernel32 k32) {
    this.k32 = k32;
    this.ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  /** Connects to the status pipe and returns the single reply the server sends, or null. */
  public String fetchStatus(String pipeName) {
    HANDLE pipe =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_READ,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(pipe)) {
      return null;
    }
    Memory reply = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, REPLY_MAX);
    if (!k32.ReadFile(pipe, reply, REPLY_MAX, null, ov.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        k32.CloseHandle(pipe);
        k32.LocalFree(reply);
        return error == WinError.ERROR_BROKEN_PIPE ? "" : null;
      }
    }
    IntByReference got = new IntByReference();
    boolean ok = k32.GetOverlappedResult(pipe, ov.getPointer(), got, true);
    String text =
        ok ? new String(reply.getByteArray(0, got.getValue()), StandardCharsets.UTF_8) : null;
    k32.CloseHandle(pipe);
    k32.LocalFree(reply);
    return text;
  }
}
