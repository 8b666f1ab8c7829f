package corpus.freedbeforecompletionpacket;
// case: negative: skip-on-success is requested and its result remembered; the TRUE path frees the request only when the mode is in effect and otherwise leaves it to the completion handler

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

public final class ConditionalSkipModeFreesOnlyWhenSkipped {
  private static final int MESSAGE = 200;

  private final Kernel32 k32;
  private final HANDLE channel;
  private final HANDLE port;
  private final boolean skipOnSuccess;
  private final Consumer<byte[]> onMessage;

  public ConditionalSkipModeFreesOnlyWhenSkipped(
      Kernel32 k32, String pipeName, Consumer<byte[]> onMessage) {
    this.k32 = k32;
    this.onMessage = onMessage;
    channel =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    port = k32.CreateIoCompletionPort(channel, null, 0, 1);
    skipOnSuccess =
        k32.SetFileCompletionNotificationModes(
            channel, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
  }

  public void receive() {
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + MESSAGE);
    IntByReference got = new IntByReference();
    if (k32.ReadFile(channel, request.share(OVERLAPPED.SIZE), MESSAGE, got, request)) {
      if (skipOnSuccess) {
        onMessage.accept(request.getByteArray(OVERLAPPED.SIZE, got.getValue()));
        k32.LocalFree(request);
      }
      return;
    }
    int error = k32.GetLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      k32.LocalFree(request);
      throw new IllegalStateException("receive failed: error " + error);
    }
  }

  public void onCompletions() {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, 0)) {
      Pointer request = overlapped.getValue();
      onMessage.accept(request.getByteArray(OVERLAPPED.SIZE, bytes.getValue()));
      k32.LocalFree(request);
    }
  }
}
