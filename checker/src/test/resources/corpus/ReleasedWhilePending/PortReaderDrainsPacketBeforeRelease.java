package corpus.releasedwhilepending;
// case: negative: completion-port reader keeps one read posted; close() cancels it with CancelIoEx and dequeues packets until the cancelled read's own packet arrives, and only then closes the pipe and port and frees the buffer

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

public final class PortReaderDrainsPacketBeforeRelease implements AutoCloseable {
  private static final long KEY = 7;
  private static final int SIZE = 2048;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE port;
  private final Memory buffer;
  private final OVERLAPPED ov;
  private boolean posted;

  public PortReaderDrainsPacketBeforeRelease(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.pipe =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_READ,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.port = k32.CreateIoCompletionPort(pipe, null, KEY, 1);
    this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, SIZE);
    this.ov = new OVERLAPPED(k32);
    post();
  }

  private void post() {
    if (!k32.ReadFile(pipe, buffer, SIZE, null, ov.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("read failed: error " + error);
      }
    }
    posted = true;
  }

  /** The next chunk from the pipe (from its completion packet), or null when the read failed. */
  public byte[] next() {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference completed = new PointerByReference();
    boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, completed, WinBase.INFINITE);
    if (completed.getValue() == null) {
      throw new IllegalStateException("port wait failed: error " + k32.GetLastError());
    }
    posted = false;
    if (!ok) {
      return null;
    }
    byte[] data = buffer.getByteArray(0, bytes.getValue());
    post();
    return data;
  }

  @Override
  public void close() {
    if (posted) {
      k32.CancelIoEx(pipe, ov.getPointer());
      IntByReference bytes = new IntByReference();
      ULONG_PTRByReference key = new ULONG_PTRByReference();
      PointerByReference completed = new PointerByReference();
      while (true) {
        k32.GetQueuedCompletionStatus(port, bytes, key, completed, WinBase.INFINITE);
        Pointer which = completed.getValue();
        if (which == null || which.equals(ov.getPointer())) {
          break;
        }
      }
      posted = false;
    }
    k32.CloseHandle(pipe);
    k32.CloseHandle(port);
    k32.LocalFree(buffer);
  }
}
