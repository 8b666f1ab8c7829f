package corpus.skippedcompletionunhandled;
// case: negative: message receiver with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS handles synchronous completions itself: postReads() loops while ReadFile returns TRUE, delivering each message inline, and leaves only a pending read to the port loop

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

public final class SkipModeReceiverDrainsSyncReadsInline implements AutoCloseable {
  private static final int MESSAGE_SIZE = 256;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE port;
  private final Memory message;
  private final OVERLAPPED messageOv;
  private final Consumer<String> onMessage;

  public SkipModeReceiverDrainsSyncReadsInline(Kernel32 k32, String pipeName, Consumer<String> onMessage) {
    this.k32 = k32;
    this.onMessage = onMessage;
    this.pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    this.port = k32.CreateIoCompletionPort(pipe, null, 7, 1);
    k32.SetFileCompletionNotificationModes(pipe, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
    this.message = k32.LocalAlloc(WinBase.LMEM_FIXED, MESSAGE_SIZE);
    this.messageOv = new OVERLAPPED(k32);
    if (!postReads()) {
      throw new IllegalStateException("receive failed: error " + k32.GetLastError());
    }
  }

  /** Returns false when the pipe failed. */
  private boolean postReads() {
    IntByReference got = new IntByReference();
    while (k32.ReadFile(pipe, message, MESSAGE_SIZE, got, messageOv.getPointer())) {
      deliver(got.getValue());
    }
    return k32.GetLastError() == WinError.ERROR_IO_PENDING;
  }

  private void deliver(int length) {
    onMessage.accept(new String(message.getByteArray(0, length), StandardCharsets.UTF_8));
  }

  public void run(int idleTimeoutMillis) {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, idleTimeoutMillis)) {
      deliver(bytes.getValue());
      if (!postReads()) {
        return;
      }
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
