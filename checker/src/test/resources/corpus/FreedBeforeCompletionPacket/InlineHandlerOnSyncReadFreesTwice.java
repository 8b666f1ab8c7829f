package corpus.freedbeforecompletionpacket;
// case: positive: frame reader on a port-bound pipe handles a ReadFile that returns TRUE by running its completion handler inline, and the handler frees the request; the port still queues a packet for that OVERLAPPED, so the dispatcher runs the same handler on it and frees it a second time

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

public final class InlineHandlerOnSyncReadFreesTwice {
  private static final int FRAME = 120;
  private static final long FRAME_KEY = 7;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE port;
  private final Consumer<byte[]> frames;

  public InlineHandlerOnSyncReadFreesTwice(Kernel32 k32, String pipeName, Consumer<byte[]> frames) {
    this.k32 = k32;
    this.frames = frames;
    pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    port = k32.CreateIoCompletionPort(pipe, null, FRAME_KEY, 1);
  }

  public void armRead() {
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + FRAME);
    IntByReference got = new IntByReference();
    if (k32.ReadFile(pipe, request.share(OVERLAPPED.SIZE), FRAME, got, request)) {
      onReadComplete(request, got.getValue(), WinError.ERROR_SUCCESS); // expect: FreedBeforeCompletionPacket
      return;
    }
    int error = k32.GetLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      k32.LocalFree(request);
      throw new IllegalStateException("frame read failed: error " + error);
    }
  }

  public boolean dispatchOne(int timeoutMillis) {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis);
    Pointer request = overlapped.getValue();
    if (request == null) {
      return false;
    }
    int error = ok ? WinError.ERROR_SUCCESS : k32.GetLastError();
    onReadComplete(request, bytes.getValue(), error);
    if (error == WinError.ERROR_SUCCESS) {
      armRead();
    }
    return true;
  }

  private void onReadComplete(Pointer request, int count, int error) {
    if (error == WinError.ERROR_SUCCESS && count > 0) {
      frames.accept(request.getByteArray(OVERLAPPED.SIZE, count));
    }
    k32.LocalFree(request);
  }
}
