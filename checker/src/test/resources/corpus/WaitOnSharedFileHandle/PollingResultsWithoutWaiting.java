package corpus.waitonsharedfilehandle;
// case: negative: a read and a write are outstanding on the pipe with event-less OVERLAPPEDs, but the loop polls each with GetOverlappedResult(bWait=FALSE), which never waits on the handle

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinError;

public final class PollingResultsWithoutWaiting {
  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory rx;
  private final Memory tx;
  private final OVERLAPPED rxOv;
  private final OVERLAPPED txOv;

  public PollingResultsWithoutWaiting(Kernel32 k32, HANDLE pipe, Memory rx, Memory tx) {
    this.k32 = k32;
    this.pipe = pipe;
    this.rx = rx;
    this.tx = tx;
    this.rxOv = new OVERLAPPED(k32);
    this.txOv = new OVERLAPPED(k32);
  }

  public byte[] exchange(int txLength, int rxCapacity) {
    if (!k32.ReadFile(pipe, rx, rxCapacity, null, rxOv)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("read failed: error " + k32.GetLastError());
    }
    if (!k32.WriteFile(pipe, tx, txLength, null, txOv)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("write failed: error " + k32.GetLastError());
    }
    boolean sent = false;
    IntByReference received = null;
    while (!sent || received == null) {
      IntByReference count = new IntByReference();
      if (!sent) {
        if (k32.GetOverlappedResult(pipe, txOv.getPointer(), count, false)) {
          sent = true;
        } else if (k32.GetLastError() != WinError.ERROR_IO_INCOMPLETE) {
          throw new IllegalStateException("write failed: error " + k32.GetLastError());
        }
      }
      if (received == null) {
        IntByReference got = new IntByReference();
        if (k32.GetOverlappedResult(pipe, rxOv.getPointer(), got, false)) {
          received = got;
        } else if (k32.GetLastError() != WinError.ERROR_IO_INCOMPLETE) {
          throw new IllegalStateException("read failed: error " + k32.GetLastError());
        }
      }
      k32.SleepEx(1, false);
    }
    return rx.getByteArray(0, received.getValue());
  }
}
