package corpus.freedbeforecompletionpacket;
// case: negative: the reader drains data that is already available by reading in a loop while ReadFile returns TRUE and freeing each request in place; the static factory bound the pipe to the port and set FILE_SKIP_COMPLETION_PORT_ON_SUCCESS before handing it to the private constructor, so those synchronous completions queue no packet and only pending reads reach the port

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
import java.util.function.Consumer;

public final class DrainLoopSkipModeFromFactory {
  private static final int CHUNK = 256;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE port;
  private final Consumer<byte[]> sink;

  private DrainLoopSkipModeFromFactory(Kernel32 k32, HANDLE pipe, HANDLE port, Consumer<byte[]> sink) {
    this.k32 = k32;
    this.pipe = pipe;
    this.port = port;
    this.sink = sink;
  }

  public static DrainLoopSkipModeFromFactory open(
      Kernel32 k32, String pipeName, Consumer<byte[]> sink) {
    HANDLE pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(pipe)) {
      throw new IllegalStateException("cannot open " + pipeName + ": error " + k32.GetLastError());
    }
    HANDLE port = k32.CreateIoCompletionPort(pipe, null, 0, 1);
    if (port == null
        || !k32.SetFileCompletionNotificationModes(
            pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)) {
      int error = k32.GetLastError();
      k32.CloseHandle(pipe);
      throw new IllegalStateException("cannot set up completion: error " + error);
    }
    return new DrainLoopSkipModeFromFactory(k32, pipe, port, sink);
  }

  public void drain() {
    while (true) {
      Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + CHUNK);
      IntByReference got = new IntByReference();
      if (!k32.ReadFile(pipe, request.share(OVERLAPPED.SIZE), CHUNK, got, request)) {
        int error = k32.GetLastError();
        if (error == WinError.ERROR_IO_PENDING) {
          return;
        }
        k32.LocalFree(request);
        throw new IllegalStateException("read failed: error " + error);
      }
      sink.accept(request.getByteArray(OVERLAPPED.SIZE, got.getValue()));
      k32.LocalFree(request);
    }
  }

  public boolean onCompletion(int timeoutMillis) {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis);
    Pointer request = overlapped.getValue();
    if (request == null) {
      return false;
    }
    if (ok) {
      sink.accept(request.getByteArray(OVERLAPPED.SIZE, bytes.getValue()));
    }
    k32.LocalFree(request);
    if (ok) {
      drain();
    }
    return ok;
  }
}
