package corpus.localoverlappedescapes;
// case: negative: configuration read with an OVERLAPPED and buffer from a try-with-resources Arena, but the method waits for completion with GetOverlappedResult(bWait=TRUE) before the arena closes

import io.github.overlapcheck.runtime.Arena;
import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

public final class ArenaReadWaitsInfinite {
  private final Kernel32 k32;
  private final HANDLE agentPipe;
  private final HANDLE done;

  public ArenaReadWaitsInfinite(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    agentPipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    done = k32.CreateEvent(null, true, false, null);
  }

  public String receiveConfiguration() {
    try (Arena frame = k32.openArena()) {
      Memory text = frame.allocate(512);
      OVERLAPPED ov = new OVERLAPPED(frame);
      ov.hEvent = done;
      k32.ResetEvent(done);
      IntByReference count = new IntByReference();
      if (!k32.ReadFile(agentPipe, text, 512, null, ov)) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("configuration read failed: error " + error);
        }
      }
      if (!k32.GetOverlappedResult(agentPipe, ov.getPointer(), count, true)) {
        throw new IllegalStateException("configuration read failed: error " + k32.GetLastError());
      }
      return new String(text.getByteArray(0, count.getValue()), StandardCharsets.UTF_8);
    }
  }
}
