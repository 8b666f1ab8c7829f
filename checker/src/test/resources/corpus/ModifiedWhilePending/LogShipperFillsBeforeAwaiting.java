package corpus.modifiedwhilepending;
// case: positive: log shipper streams a file to a collector pipe through one staging buffer, copying the next chunk into the buffer before it waits for the previous WriteFile, which may still be pending on it

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;
import java.io.InputStream;

public final class LogShipperFillsBeforeAwaiting {
  private static final int CHUNK = 4096;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory staging;
  private final OVERLAPPED ov;

  public LogShipperFillsBeforeAwaiting(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.pipe =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_WRITE,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.staging = k32.LocalAlloc(WinBase.LMEM_FIXED, CHUNK);
    this.ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  /** Ships the whole stream; returns the number of bytes the collector accepted. */
  public long ship(InputStream log) throws IOException {
    byte[] chunk = new byte[CHUNK];
    long shipped = 0;
    boolean inFlight = false;
    int n;
    while ((n = log.read(chunk)) > 0) {
      staging.write(0, chunk, 0, n); // expect: ModifiedWhilePending
      if (inFlight) {
        shipped += awaitWrite();
        inFlight = false;
      }
      if (!k32.WriteFile(pipe, staging, n, null, ov.getPointer())) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IOException("WriteFile to collector failed: error " + error);
        }
      }
      inFlight = true;
    }
    if (inFlight) {
      shipped += awaitWrite();
    }
    return shipped;
  }

  private int awaitWrite() throws IOException {
    IntByReference sent = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, ov.getPointer(), sent, true)) {
      throw new IOException("collector write failed: error " + k32.GetLastError());
    }
    return sent.getValue();
  }
}
