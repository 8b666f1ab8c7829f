package corpus.freedbeforecompletionpacket;
// case: positive: journal file bound to a completion port without skip-on-success; a write that returns TRUE closes its request memory, but the port still queues a packet that the I/O thread frees again

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

public final class JournalAppenderClosesRequestOnSuccess implements AutoCloseable {
  private static final long JOURNAL_KEY = 7;
  private static final long SHUTDOWN_KEY = 8;

  private final Kernel32 k32;
  private final HANDLE journal;
  private final HANDLE port;
  private final HANDLE ioThread;
  private long tail;
  private long bytesAppended;

  public JournalAppenderClosesRequestOnSuccess(Kernel32 k32, String path) {
    this.k32 = k32;
    this.journal =
        k32.CreateFile(
            path,
            WinBase.GENERIC_WRITE,
            WinBase.FILE_SHARE_READ,
            null,
            WinBase.OPEN_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(journal)) {
      throw new IllegalStateException("cannot open journal: error " + k32.GetLastError());
    }
    this.port = k32.CreateIoCompletionPort(journal, null, JOURNAL_KEY, 1);
    this.ioThread = k32.CreateThread("journal-io", this::drainPort);
  }

  public void append(String entry) {
    byte[] payload = (entry + "\r\n").getBytes(StandardCharsets.UTF_8);
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + payload.length);
    request.write(OVERLAPPED.SIZE, payload, 0, payload.length);
    OVERLAPPED ov = new OVERLAPPED(request);
    ov.Offset = (int) tail;
    ov.OffsetHigh = (int) (tail >>> 32);
    ov.write();
    tail += payload.length;

    boolean done =
        k32.WriteFile(journal, request.share(OVERLAPPED.SIZE), payload.length, null, request);
    if (done) {
      bytesAppended += payload.length;
      request.close(); // expect: FreedBeforeCompletionPacket
    } else {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        request.close();
        throw new IllegalStateException("journal write failed: error " + error);
      }
    }
  }

  public long bytesAppended() {
    return bytesAppended;
  }

  private void drainPort() {
    IntByReference transferred = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (true) {
      boolean ok =
          k32.GetQueuedCompletionStatus(port, transferred, key, overlapped, WinBase.INFINITE);
      Pointer request = overlapped.getValue();
      if (request != null) {
        k32.LocalFree(request);
      } else if (!ok || key.getValue() == SHUTDOWN_KEY) {
        return;
      }
    }
  }

  @Override
  public void close() {
    k32.PostQueuedCompletionStatus(port, 0, SHUTDOWN_KEY, null);
    k32.WaitForSingleObject(ioThread, WinBase.INFINITE);
    k32.CloseHandle(ioThread);
    k32.CloseHandle(journal);
    k32.CloseHandle(port);
  }
}
