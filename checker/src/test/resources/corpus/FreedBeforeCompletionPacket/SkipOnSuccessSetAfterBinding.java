package corpus.freedbeforecompletionpacket;
// case: negative: the archive file is bound to a port and FILE_SKIP_COMPLETION_PORT_ON_SUCCESS is set right after, so a TRUE WriteFile queues no packet and freeing the request there is the only free

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

public final class SkipOnSuccessSetAfterBinding {
  private final Kernel32 k32;
  private HANDLE archive;
  private HANDLE port;
  private long end;
  private int pending;

  public SkipOnSuccessSetAfterBinding(Kernel32 k32) {
    this.k32 = k32;
  }

  public void open(String path) {
    archive =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, 0, null, WinBase.CREATE_NEW,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(archive)) {
      throw new IllegalStateException("open failed: error " + k32.GetLastError());
    }
    port = k32.CreateIoCompletionPort(archive, null, 0, 1);
    if (!k32.SetFileCompletionNotificationModes(
        archive, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)) {
      throw new IllegalStateException("skip mode failed: error " + k32.GetLastError());
    }
  }

  public void store(byte[] entry) {
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + entry.length);
    request.write(OVERLAPPED.SIZE, entry, 0, entry.length);
    OVERLAPPED ov = new OVERLAPPED(request);
    ov.Offset = (int) end;
    ov.OffsetHigh = (int) (end >>> 32);
    ov.write();
    end += entry.length;

    if (k32.WriteFile(archive, request.share(OVERLAPPED.SIZE), entry.length, null, request)) {
      k32.LocalFree(request);
    } else if (k32.GetLastError() == WinError.ERROR_IO_PENDING) {
      pending++;
    } else {
      k32.LocalFree(request);
      throw new IllegalStateException("archive write failed: error " + k32.GetLastError());
    }
  }

  public void flush() {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (pending > 0) {
      k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE);
      Pointer request = overlapped.getValue();
      if (request == null) {
        break;
      }
      k32.LocalFree(request);
      pending--;
    }
  }
}
