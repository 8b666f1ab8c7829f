package corpus.skippedcompletionunhandled;
// case: positive: completion-port file copier sets FILE_SKIP_COMPLETION_PORT_ON_SUCCESS on the source only; the copy loop issues the write of a chunk when the read's packet arrives, so a read that returns TRUE (data in the cache) never gets its chunk written and the copy ends short; the destination has no skip mode, so leaving its writes to the port is right

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

public final class PortCopierReadSideSkipsPackets {
  private static final long READ_KEY = 1;
  private static final long WRITE_KEY = 2;
  private static final int CHUNK = 256;

  private final Kernel32 k32;

  public PortCopierReadSideSkipsPackets(Kernel32 k32) {
    this.k32 = k32;
  }

  public void copy(String from, String to, long length) {
    HANDLE source =
        k32.CreateFile(from, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    HANDLE target =
        k32.CreateFile(to, WinBase.GENERIC_WRITE, 0, null,
            WinBase.CREATE_ALWAYS, WinBase.FILE_FLAG_OVERLAPPED, null);
    HANDLE port = k32.CreateIoCompletionPort(source, null, READ_KEY, 1);
    k32.CreateIoCompletionPort(target, port, WRITE_KEY, 1);
    k32.SetFileCompletionNotificationModes(source, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);

    int outstanding = 0;
    for (long at = 0; at < length; at += CHUNK) {
      Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + CHUNK);
      OVERLAPPED ov = new OVERLAPPED(request);
      ov.Offset = (int) at;
      ov.OffsetHigh = (int) (at >>> 32);
      ov.write();
      int n = (int) Math.min(CHUNK, length - at);
      if (!k32.ReadFile(source, request.share(OVERLAPPED.SIZE), n, null, request) // expect: SkippedCompletionUnhandled
          && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
        k32.LocalFree(request);
        break;
      }
      outstanding++;
    }

    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (outstanding > 0
        && (k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE)
            || overlapped.getValue() != null)) {
      Pointer request = overlapped.getValue();
      if (key.getValue() == READ_KEY && bytes.getValue() > 0) {
        if (k32.WriteFile(target, request.share(OVERLAPPED.SIZE), bytes.getValue(), null, request)
            || k32.GetLastError() == WinError.ERROR_IO_PENDING) {
          continue;
        }
      }
      k32.LocalFree(request);
      outstanding--;
    }
    k32.CloseHandle(source);
    k32.CloseHandle(target);
    k32.CloseHandle(port);
  }
}
