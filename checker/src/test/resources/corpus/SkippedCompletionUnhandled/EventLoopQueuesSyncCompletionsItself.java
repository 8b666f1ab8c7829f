package corpus.skippedcompletionunhandled;
// case: negative: single-threaded event loop with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS; a ReadFile that returns TRUE does not wait for a packet but appends its result to the loop's own ready queue, which runOnce() drains through the same handler before it asks the port

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
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

public final class EventLoopQueuesSyncCompletionsItself {
  private record Finished(Pointer request, int bytes, boolean ok) {}

  private final Kernel32 k32;
  private final HANDLE port;
  private final ArrayDeque<Finished> ready = new ArrayDeque<>();
  private final Map<Long, Consumer<byte[]>> callbacks = new HashMap<>();

  public EventLoopQueuesSyncCompletionsItself(Kernel32 k32) {
    this.k32 = k32;
    this.port = k32.CreateIoCompletionPort(HANDLE.INVALID_HANDLE_VALUE, null, 0, 1);
  }

  public HANDLE attach(String pipeName) {
    HANDLE pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    k32.CreateIoCompletionPort(pipe, port, 0, 1);
    k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
    return pipe;
  }

  public void read(HANDLE pipe, int length, Consumer<byte[]> callback) {
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + length);
    callbacks.put(request.address(), callback);
    IntByReference got = new IntByReference();
    if (k32.ReadFile(pipe, request.share(OVERLAPPED.SIZE), length, got, request)) {
      ready.add(new Finished(request, got.getValue(), true));
      return;
    }
    int error = k32.GetLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      ready.add(new Finished(request, 0, false));
    }
  }

  /** Runs one completion handler; false when nothing finished within the timeout. */
  public boolean runOnce(int timeoutMillis) {
    Finished next = ready.poll();
    if (next == null) {
      IntByReference bytes = new IntByReference();
      ULONG_PTRByReference key = new ULONG_PTRByReference();
      PointerByReference overlapped = new PointerByReference();
      boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis);
      if (overlapped.getValue() == null) {
        return false;
      }
      next = new Finished(overlapped.getValue(), bytes.getValue(), ok);
    }
    Consumer<byte[]> callback = callbacks.remove(next.request().address());
    callback.accept(next.ok() ? next.request().getByteArray(OVERLAPPED.SIZE, next.bytes()) : null);
    k32.LocalFree(next.request());
    return true;
  }
}
