package corpus.skippedcompletionunhandled;
// case: positive: message receiver binds its pipe to a completion port and sets FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, but postRead() treats a TRUE ReadFile like a pending one and leaves delivery and the next read to the port loop; no packet comes for a synchronous success, so that message is lost and reading stops

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.PointerByReference;
import io.github.overlapcheck.runtime.ULONG_PTRByReference;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

public final class PipeReceiverRepostsOnlyFromPort implements AutoCloseable {
  private static final int MESSAGE_SIZE = 256;
  private static final long PIPE_KEY = 7;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE port;
  private final Memory message;
  private final OVERLAPPED messageOv;
  private final Consumer<String> onMessage;

  public PipeReceiverRepostsOnlyFromPort(Kernel32 k32, String pipeName, Consumer<String> onMessage) {
    this.k32 = k32;
    this.onMessage = onMessage;
    this.pipe =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_READ,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.port = k32.CreateIoCompletionPort(pipe, null, PIPE_KEY, 1);
    k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
    this.message = k32.LocalAlloc(WinBase.LMEM_FIXED, MESSAGE_SIZE);
    this.messageOv = new OVERLAPPED(k32);
    postRead();
  }

  private void postRead() {
    if (!k32.ReadFile(pipe, message, MESSAGE_SIZE, null, messageOv.getPointer())) { // expect: SkippedCompletionUnhandled
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("ReadFile failed: error " + error);
      }
    }
  }

  /** Runs the completion loop until the pipe breaks or nothing arrives within the timeout. */
  public void run(int idleTimeoutMillis) {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, idleTimeoutMillis)) {
      byte[] data = message.getByteArray(0, bytes.getValue());
      onMessage.accept(new String(data, StandardCharsets.UTF_8));
      postRead();
    }
  }

  @Override
  public void close() {
    k32.CancelIoEx(pipe, messageOv.getPointer());
    k32.GetOverlappedResult(pipe, messageOv.getPointer(), new IntByReference(), true);
    k32.GetQueuedCompletionStatus(
        port, new IntByReference(), new ULONG_PTRByReference(), new PointerByReference(), 0);
    k32.CloseHandle(pipe);
    k32.CloseHandle(port);
    k32.LocalFree(message);
  }
}
