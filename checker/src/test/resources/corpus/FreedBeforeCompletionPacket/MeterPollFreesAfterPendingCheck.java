package corpus.freedbeforecompletionpacket;
// case: positive: a meter client on a port-bound pipe returns early only when the read is pending and otherwise processes and frees the request right away, which includes the TRUE path whose packet the port thread frees again

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

public final class MeterPollFreesAfterPendingCheck {
  private static final int FRAME = 48;

  private final Kernel32 k32;
  private final HANDLE meterPipe;
  private final HANDLE port;
  private final Consumer<byte[]> frames;

  public MeterPollFreesAfterPendingCheck(Kernel32 k32, String pipeName, Consumer<byte[]> frames) {
    this.k32 = k32;
    this.frames = frames;
    this.meterPipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    this.port = k32.CreateIoCompletionPort(meterPipe, null, 0, 1);
  }

  public void requestFrame() {
    Memory request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + FRAME);
    IntByReference got = new IntByReference();
    boolean ok = k32.ReadFile(meterPipe, request.share(OVERLAPPED.SIZE), FRAME, got, request);
    if (!ok && k32.GetLastError() == WinError.ERROR_IO_PENDING) {
      return;
    }
    if (ok) {
      frames.accept(request.getByteArray(OVERLAPPED.SIZE, got.getValue()));
    }
    k32.LocalFree(request); // expect: FreedBeforeCompletionPacket
  }

  public void completionLoop() {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (true) {
      boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE);
      Pointer request = overlapped.getValue();
      if (request == null) {
        return;
      }
      if (ok) {
        frames.accept(request.getByteArray(OVERLAPPED.SIZE, bytes.getValue()));
      }
      k32.LocalFree(request);
    }
  }
}
