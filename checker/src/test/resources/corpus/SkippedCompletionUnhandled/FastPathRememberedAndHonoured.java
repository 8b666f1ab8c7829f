package corpus.skippedcompletionunhandled;
// case: negative: order gateway tries to enable FILE_SKIP_COMPLETION_PORT_ON_SUCCESS and remembers whether it took effect; a WriteFile that returns TRUE is finished inline only when the fast path is on, and otherwise left to the port loop, which then does get its packet

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.PointerByReference;
import io.github.overlapcheck.runtime.ULONG_PTRByReference;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

public final class FastPathRememberedAndHonoured implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE gateway;
  private final HANDLE port;
  private boolean fastPath;
  private int unacknowledged;
  private long bytesSent;

  public FastPathRememberedAndHonoured(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.gateway =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    this.port = k32.CreateIoCompletionPort(gateway, null, 0, 1);
  }

  /** Turns on skip-on-success where the platform allows it. */
  public void configure(boolean allowFastPath) {
    fastPath =
        allowFastPath
            && k32.SetFileCompletionNotificationModes(
                gateway, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
  }

  public void submit(String order) {
    byte[] bytes = (order + "\n").getBytes(StandardCharsets.US_ASCII);
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + bytes.length);
    request.write(OVERLAPPED.SIZE, bytes, 0, bytes.length);
    unacknowledged++;
    boolean done = k32.WriteFile(gateway, request.share(OVERLAPPED.SIZE), bytes.length, null, request);
    if (done) {
      if (fastPath) {
        sent(request, bytes.length);
      }
      return;
    }
    int error = k32.GetLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      sent(request, 0);
      throw new IllegalStateException("order not submitted: error " + error);
    }
  }

  private void sent(Pointer request, int bytes) {
    bytesSent += bytes;
    unacknowledged--;
    k32.LocalFree(request);
  }

  /** Processes completions until every submitted order has left. */
  public long flush() {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (unacknowledged > 0) {
      boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE);
      if (overlapped.getValue() == null) {
        break;
      }
      sent(overlapped.getValue(), ok ? bytes.getValue() : 0);
    }
    return bytesSent;
  }

  @Override
  public void close() {
    flush();
    k32.CloseHandle(gateway);
    k32.CloseHandle(port);
  }
}
