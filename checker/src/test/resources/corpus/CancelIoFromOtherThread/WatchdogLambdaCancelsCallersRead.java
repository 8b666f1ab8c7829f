package corpus.canceliofromotherthread;
// case: positive: request/response over a named pipe with a watchdog thread; the read is issued by the calling thread but the CancelIo in the watchdog lambda runs on the watchdog thread, cancels nothing of the caller's, and the caller's GetOverlappedResult(bWait=TRUE) never times out

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

public final class WatchdogLambdaCancelsCallersRead implements AutoCloseable {
  private static final int REPLY_SIZE = 128;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory reply;
  private final OVERLAPPED replyOv;
  private final HANDLE replyDone;

  public WatchdogLambdaCancelsCallersRead(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.pipe =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.reply = k32.LocalAlloc(WinBase.LMEM_FIXED, REPLY_SIZE);
    this.replyOv = new OVERLAPPED(k32);
    this.replyDone = k32.CreateEvent(null, true, false, null);
    replyOv.hEvent = replyDone;
    replyOv.write();
  }

  /** Returns the reply, or null when the peer did not answer within the timeout. */
  public String awaitReply(int timeoutMillis) {
    k32.ResetEvent(replyDone);
    if (!k32.ReadFile(pipe, reply, REPLY_SIZE, null, replyOv.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("reply read failed: error " + error);
      }
    }
    HANDLE watchdog =
        k32.CreateThread(
            "reply-watchdog",
            () -> {
              if (k32.WaitForSingleObject(replyDone, timeoutMillis) == WinBase.WAIT_TIMEOUT) {
                k32.CancelIo(pipe); // expect: CancelIoFromOtherThread
              }
            });
    IntByReference got = new IntByReference();
    boolean ok = k32.GetOverlappedResult(pipe, replyOv.getPointer(), got, true);
    k32.WaitForSingleObject(watchdog, WinBase.INFINITE);
    k32.CloseHandle(watchdog);
    if (!ok) {
      if (k32.GetLastError() == WinError.ERROR_OPERATION_ABORTED) {
        return null;
      }
      throw new IllegalStateException("reply failed: error " + k32.GetLastError());
    }
    return new String(reply.getByteArray(0, got.getValue()), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.CloseHandle(replyDone);
    k32.LocalFree(reply);
  }
}
