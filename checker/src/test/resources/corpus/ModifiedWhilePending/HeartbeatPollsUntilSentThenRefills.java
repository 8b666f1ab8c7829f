package corpus.modifiedwhilepending;
// case: negative: watchdog heartbeat writer polls GetOverlappedResult(bWait=FALSE) while it does housekeeping, and only refills the heartbeat buffer and reuses the OVERLAPPED once the poll reports anything other than ERROR_IO_INCOMPLETE (the write has completed)

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class HeartbeatPollsUntilSentThenRefills {
  private final Kernel32 k32;
  private final HANDLE watchdog;
  private final Memory beat;
  private final OVERLAPPED ov;
  private final Runnable housekeeping;

  public HeartbeatPollsUntilSentThenRefills(
      Kernel32 k32, HANDLE overlappedWatchdogPipe, Runnable housekeeping) {
    this.k32 = k32;
    this.watchdog = overlappedWatchdogPipe;
    this.housekeeping = housekeeping;
    this.beat = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 8);
    this.ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  /** Sends count heartbeats; returns how many the watchdog accepted. */
  public int beat(int count) {
    int accepted = 0;
    for (long sequence = 1; sequence <= count; sequence++) {
      beat.setLong(0, sequence);
      if (!k32.WriteFile(watchdog, beat, 8, null, ov.getPointer())) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          return accepted;
        }
      }
      IntByReference sent = new IntByReference();
      boolean ok;
      while (true) {
        ok = k32.GetOverlappedResult(watchdog, ov.getPointer(), sent, false);
        if (ok || k32.GetLastError() != WinError.ERROR_IO_INCOMPLETE) {
          break;
        }
        housekeeping.run();
        k32.Sleep(10);
      }
      if (ok && sent.getValue() == 8) {
        accepted++;
      }
    }
    return accepted;
  }
}
