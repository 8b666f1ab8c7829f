package corpus.releasedwhilepending;
// case: positive: input-report reader allocates its report buffer and OVERLAPPED from an arena it owns and keeps a read posted; close() calls CancelIoEx and then closes the arena at once, freeing both while the aborted read has not completed

import io.github.overlapcheck.runtime.Arena;
import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinError;

public final class ReportReaderClosesArenaAfterCancel implements AutoCloseable {
  private static final int REPORT_SIZE = 65;

  private final Kernel32 k32;
  private final HANDLE device;
  private final Arena arena;
  private final Memory report;
  private final OVERLAPPED ov;
  private final HANDLE reportReady;

  public ReportReaderClosesArenaAfterCancel(Kernel32 k32, HANDLE overlappedDevice) {
    this.k32 = k32;
    this.device = overlappedDevice;
    this.arena = k32.openArena();
    this.report = arena.allocate(REPORT_SIZE);
    this.ov = new OVERLAPPED(arena);
    this.reportReady = k32.CreateEvent(null, true, false, null);
    ov.hEvent = reportReady;
    ov.write();
    postRead();
  }

  private void postRead() {
    if (!k32.ReadFile(device, report, REPORT_SIZE, null, ov.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("input report read failed: error " + error);
      }
    }
  }

  /** Waits for the next input report and posts the read for the one after. */
  public byte[] nextReport() {
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(device, ov.getPointer(), got, true)) {
      throw new IllegalStateException("input report read failed: error " + k32.GetLastError());
    }
    byte[] data = report.getByteArray(0, got.getValue());
    postRead();
    return data;
  }

  @Override
  public void close() {
    k32.CancelIoEx(device, ov.getPointer());
    arena.close(); // expect: ReleasedWhilePending
    k32.CloseHandle(reportReady);
  }
}
