package corpus.canceliofromotherthread;
// case: negative: a sensor poller runs in a thread started with a lambda; the same lambda issues each read, times it out, calls CancelIo and waits for the aborted read, so CancelIo runs on the thread that owns the I/O even though it sits inside a Runnable

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.function.IntConsumer;

public final class PollerThreadCancelsItsOwnTimedOutRead {
  private final Kernel32 k32;
  private final HANDLE sensor;
  private final HANDLE poller;
  private volatile boolean running = true;

  public PollerThreadCancelsItsOwnTimedOutRead(
      Kernel32 k32, String sensorPipe, int rounds, int timeoutMillis, IntConsumer onReading) {
    this.k32 = k32;
    this.sensor =
        k32.CreateFile(
            sensorPipe,
            WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.poller =
        k32.CreateThread(
            "sensor-poller",
            () -> {
              Memory sample = k32.LocalAlloc(WinBase.LMEM_FIXED, 4);
              OVERLAPPED ov = new OVERLAPPED(k32);
              ov.hEvent = k32.CreateEvent(null, true, false, null);
              ov.write();
              IntByReference got = new IntByReference();
              try {
                for (int i = 0; i < rounds && running; i++) {
                  if (!k32.ReadFile(sensor, sample, 4, null, ov.getPointer())) {
                    if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
                      return;
                    }
                    if (k32.WaitForSingleObject(ov.hEvent, timeoutMillis) == WinBase.WAIT_TIMEOUT) {
                      k32.CancelIo(sensor);
                    }
                  }
                  if (k32.GetOverlappedResult(sensor, ov.getPointer(), got, true)
                      && got.getValue() == 4) {
                    onReading.accept(sample.getInt(0));
                  }
                }
              } finally {
                k32.CloseHandle(ov.hEvent);
                k32.LocalFree(sample);
              }
            });
  }

  public void close() {
    running = false;
    k32.WaitForSingleObject(poller, WinBase.INFINITE);
    k32.CloseHandle(poller);
    k32.CloseHandle(sensor);
  }
}
