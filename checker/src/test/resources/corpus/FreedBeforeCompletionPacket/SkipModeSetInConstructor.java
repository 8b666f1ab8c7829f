package corpus.freedbeforecompletionpacket;
// case: negative: the constructor binds the index file to a port and sets FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, so the read method may free the request when ReadFile returns TRUE

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
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

public final class SkipModeSetInConstructor implements AutoCloseable {
  private static final int PAGE = 256;

  private final Kernel32 k32;
  private final HANDLE index;
  private final HANDLE port;
  private final Map<Pointer, Consumer<byte[]>> waiting = new HashMap<>();

  public SkipModeSetInConstructor(Kernel32 k32, String indexPath) {
    this.k32 = k32;
    this.index =
        k32.CreateFile(
            indexPath,
            WinBase.GENERIC_READ,
            WinBase.FILE_SHARE_READ,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.port = k32.CreateIoCompletionPort(index, null, 0, 0);
    k32.SetFileCompletionNotificationModes(
        index,
        (byte)
            (WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | WinBase.FILE_SKIP_SET_EVENT_ON_HANDLE));
  }

  public void readPage(long pageNumber, Consumer<byte[]> callback) {
    long position = pageNumber * PAGE;
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + PAGE);
    OVERLAPPED ov = new OVERLAPPED(request);
    ov.Offset = (int) position;
    ov.OffsetHigh = (int) (position >>> 32);
    ov.write();
    IntByReference got = new IntByReference();
    if (k32.ReadFile(index, request.share(OVERLAPPED.SIZE), PAGE, got, request)) {
      byte[] page = request.getByteArray(OVERLAPPED.SIZE, got.getValue());
      k32.LocalFree(request);
      callback.accept(page);
      return;
    }
    int error = k32.GetLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      k32.LocalFree(request);
      throw new IllegalStateException("page read failed: error " + error);
    }
    waiting.put(request, callback);
  }

  public void pump(int timeoutMillis) {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    if (k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis)) {
      Pointer request = overlapped.getValue();
      Consumer<byte[]> callback = waiting.remove(request);
      byte[] page = request.getByteArray(OVERLAPPED.SIZE, bytes.getValue());
      k32.LocalFree(request);
      callback.accept(page);
    }
  }

  @Override
  public void close() {
    while (!waiting.isEmpty()) {
      pump(WinBase.INFINITE);
    }
    k32.CloseHandle(index);
    k32.CloseHandle(port);
  }
}
