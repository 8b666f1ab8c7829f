package corpus.localoverlappedescapes;
// case: positive: telemetry poller reads into an arena-scoped OVERLAPPED and buffer and waits on the read's event in 100 ms slices so it can notice a stop request; on stop it returns from inside the wait loop, and the finally closes the arena while the read is still pending, without cancelling and waiting for it

import io.github.overlapcheck.runtime.Arena;
import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class ArenaPollerStopsWithReadPending {
  private static final int SAMPLE = 96;
  private static final int SLICE_MILLIS = 100;

  private final Kernel32 k32;
  private final HANDLE link;
  private final HANDLE sampleReady;
  private volatile boolean stopRequested;

  public ArenaPollerStopsWithReadPending(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    link =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    sampleReady = k32.CreateEvent(null, true, false, null);
  }

  public void requestStop() {
    stopRequested = true;
  }

  public byte[] nextSample() {
    Arena frame = k32.openArena();
    try {
      Memory buffer = frame.allocate(SAMPLE);
      OVERLAPPED ov = new OVERLAPPED(frame);
      ov.hEvent = sampleReady;
      k32.ResetEvent(sampleReady);
      if (!k32.ReadFile(link, buffer, SAMPLE, null, ov)) { // expect: LocalOverlappedEscapes
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("sample read failed: error " + error);
        }
        while (k32.WaitForSingleObject(sampleReady, SLICE_MILLIS) == WinBase.WAIT_TIMEOUT) {
          if (stopRequested) {
            return null;
          }
        }
      }
      IntByReference got = new IntByReference();
      if (!k32.GetOverlappedResult(link, ov.getPointer(), got, false)) {
        throw new IllegalStateException("sample read failed: error " + k32.GetLastError());
      }
      return buffer.getByteArray(0, got.getValue());
    } finally {
      frame.close();
    }
  }
}
