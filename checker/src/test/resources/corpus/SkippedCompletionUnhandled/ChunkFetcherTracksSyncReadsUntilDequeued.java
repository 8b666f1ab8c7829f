package corpus.skippedcompletionunhandled;
// case: positive: chunk fetcher keeps every started read in a map until its packet is dequeued, the usual completion-port idiom, but the constructor also sets FILE_SKIP_COMPLETION_PORT_ON_SUCCESS: a read that returns TRUE is registered like a pending one, its packet never comes, its callback never runs and drain() waits forever

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

public final class ChunkFetcherTracksSyncReadsUntilDequeued implements AutoCloseable {
  private static final int CHUNK = 1024;

  private final Kernel32 k32;
  private final HANDLE file;
  private final HANDLE port;
  private final Map<Long, Consumer<byte[]>> outstanding = new HashMap<>();

  public ChunkFetcherTracksSyncReadsUntilDequeued(Kernel32 k32, String path) {
    this.k32 = k32;
    this.file =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    this.port = k32.CreateIoCompletionPort(file, null, 0, 1);
    k32.SetFileCompletionNotificationModes(
        file,
        (byte) (WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | WinBase.FILE_SKIP_SET_EVENT_ON_HANDLE));
  }

  public void fetch(long offset, Consumer<byte[]> callback) {
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + CHUNK);
    request.setInt(16, (int) offset);
    request.setInt(20, (int) (offset >>> 32));
    if (!k32.ReadFile(file, request.share(OVERLAPPED.SIZE), CHUNK, null, request)) { // expect: SkippedCompletionUnhandled
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        k32.LocalFree(request);
        throw new IllegalStateException("fetch at " + offset + " failed: error " + error);
      }
    }
    outstanding.put(request.address(), callback);
  }

  /** Dequeues completions until every fetched chunk has been handed to its callback. */
  public void drain() {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (!outstanding.isEmpty()) {
      boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE);
      Pointer request = overlapped.getValue();
      if (request == null) {
        return;
      }
      Consumer<byte[]> callback = outstanding.remove(request.address());
      callback.accept(ok ? request.getByteArray(OVERLAPPED.SIZE, bytes.getValue()) : new byte[0]);
      k32.LocalFree(request);
    }
  }

  @Override
  public void close() {
    drain();
    k32.CloseHandle(file);
    k32.CloseHandle(port);
  }
}
