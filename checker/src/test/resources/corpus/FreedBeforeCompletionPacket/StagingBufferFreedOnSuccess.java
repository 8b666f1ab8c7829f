package corpus.freedbeforecompletionpacket;
// case: negative: on a port-bound file the TRUE path frees only the staging buffer the record was encoded in; the request the packet refers to is freed by the completion thread

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

public final class StagingBufferFreedOnSuccess {
  private static final int MAX_RECORD = 1024;

  private final Kernel32 k32;
  private final HANDLE store;
  private final HANDLE port;
  private long end;

  public StagingBufferFreedOnSuccess(Kernel32 k32, String path) {
    this.k32 = k32;
    store =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    port = k32.CreateIoCompletionPort(store, null, 0, 1);
  }

  public void put(int id, String value) {
    Memory staging = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_RECORD);
    int length = encode(staging, id, value);

    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + length);
    request.write(OVERLAPPED.SIZE, staging.getByteArray(0, length), 0, length);
    OVERLAPPED ov = new OVERLAPPED(request);
    ov.Offset = (int) end;
    ov.OffsetHigh = (int) (end >>> 32);
    ov.write();
    end += length;

    if (k32.WriteFile(store, request.share(OVERLAPPED.SIZE), length, null, request)) {
      k32.LocalFree(staging);
      return;
    }
    int error = k32.GetLastError();
    k32.LocalFree(staging);
    if (error != WinError.ERROR_IO_PENDING) {
      k32.LocalFree(request);
      throw new IllegalStateException("put failed: error " + error);
    }
  }

  private static int encode(Memory staging, int id, String value) {
    byte[] text = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int length = Math.min(text.length, MAX_RECORD - 8);
    staging.setInt(0, id);
    staging.setInt(4, length);
    staging.write(8, text, 0, length);
    return 8 + length;
  }

  public void completions() {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (true) {
      boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE);
      Pointer request = overlapped.getValue();
      if (request == null && !ok) {
        return;
      }
      if (request != null) {
        k32.LocalFree(request);
      }
    }
  }
}
