package corpus.failuretreatedaspending;
// case: negative: a device-feed pump that gets an error other than ERROR_IO_PENDING logs it and backs off by waiting on its stop event (not the OVERLAPPED's event) before retrying; the wait on the read's event, and the cancel-and-drain on stop, happen only after a read was started

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.function.Consumer;
import java.util.logging.Logger;

public final class DevicePumpBacksOffOnStopEvent implements Runnable {
  private static final Logger LOG = Logger.getLogger("feed");
  private static final int BUFFER = 2048;
  private static final int RETRY_MILLIS = 500;

  private final Kernel32 k32;
  private final HANDLE feed;
  private final HANDLE stopEvent;
  private final Memory buffer;
  private final OVERLAPPED ov;
  private final Consumer<byte[]> sink;

  public DevicePumpBacksOffOnStopEvent(Kernel32 k32, String pipeName, Consumer<byte[]> sink) {
    this.k32 = k32;
    this.sink = sink;
    feed =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    stopEvent = k32.CreateEvent(null, true, false, null);
    buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, BUFFER);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public void stop() {
    k32.SetEvent(stopEvent);
  }

  @Override
  public void run() {
    IntByReference got = new IntByReference();
    while (true) {
      if (!k32.ReadFile(feed, buffer, BUFFER, null, ov)) {
        int error = k32.GetLastError();
        if (error == WinError.ERROR_BROKEN_PIPE) {
          return;
        }
        if (error != WinError.ERROR_IO_PENDING) {
          LOG.warning("feed read failed, retrying: error " + error);
          if (k32.WaitForSingleObject(stopEvent, RETRY_MILLIS) == WinBase.WAIT_OBJECT_0) {
            return;
          }
          continue;
        }
      }
      int which =
          k32.WaitForMultipleObjects(
              2, new HANDLE[] {ov.hEvent, stopEvent}, false, WinBase.INFINITE);
      if (which == WinBase.WAIT_OBJECT_0 + 1) {
        k32.CancelIoEx(feed, ov.getPointer());
        k32.GetOverlappedResult(feed, ov.getPointer(), got, true);
        return;
      }
      if (!k32.GetOverlappedResult(feed, ov.getPointer(), got, false)) {
        LOG.warning("feed read failed: error " + k32.GetLastError());
        return;
      }
      sink.accept(buffer.getByteArray(0, got.getValue()));
    }
  }

  public void dispose() {
    k32.CloseHandle(feed);
    k32.CloseHandle(stopEvent);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(buffer);
  }
}
