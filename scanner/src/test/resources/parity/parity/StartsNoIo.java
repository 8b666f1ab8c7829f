package parity;

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.WinBase;

/** Starts no I/O: only CancelIo on a thread of its own can be reported here. */
final class StartsNoIo {
  private final Kernel32 k32;
  private final HANDLE pipe;

  StartsNoIo(Kernel32 k32, String name) {
    this.k32 = k32;
    this.pipe =
        k32.CreateFile(
            name,
            WinBase.GENERIC_READ,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    k32.CreateThread("watchdog", this::watch);
  }

  /** Runs on the watchdog thread, which issues nothing on the pipe: the I/O is the callers'. */
  private void watch() {
    k32.Sleep(5000);
    k32.CancelIo(pipe);
  }
}
