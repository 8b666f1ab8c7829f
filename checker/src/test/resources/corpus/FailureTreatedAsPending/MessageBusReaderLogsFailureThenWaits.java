package corpus.failuretreatedaspending;
// case: positive: a message-bus client logs a ReadFile error other than ERROR_IO_PENDING but then falls through to GetOverlappedResult with bWait TRUE; nothing was started, the event was reset by the call and is never signalled, so the reader hangs

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

public final class MessageBusReaderLogsFailureThenWaits implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("bus");
  private static final int MAX_MESSAGE = 2048;

  private final Kernel32 k32;
  private final HANDLE bus;
  private final Memory inbox;
  private final OVERLAPPED ov;

  public MessageBusReaderLogsFailureThenWaits(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    bus =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    inbox = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_MESSAGE);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public String receive() {
    if (!k32.ReadFile(bus, inbox, MAX_MESSAGE, null, ov)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        LOG.warning("bus read returned error " + error);
      }
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(bus, ov.getPointer(), got, true)) { // expect: FailureTreatedAsPending
      LOG.warning("bus read failed: error " + k32.GetLastError());
      return null;
    }
    return new String(inbox.getByteArray(0, got.getValue()), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    k32.CloseHandle(bus);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(inbox);
  }
}
