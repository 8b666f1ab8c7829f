package corpus.canceliofromotherthread;
// case: negative: telemetry channel on a completion port whose reads are all issued by the port worker; stop() on the owner's thread uses CancelIoEx, which cancels the worker's read, so the aborted packet reaches the worker, it exits, and only then are the handles and buffer released

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.PointerByReference;
import io.github.overlapcheck.runtime.ULONG_PTRByReference;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.function.BiConsumer;

public final class TelemetryPortWorkerStopUsesCancelIoEx {
  private static final int RECORD_SIZE = 8 * 16;

  private final Kernel32 k32;
  private final HANDLE channel;
  private final HANDLE port;
  private final Memory record;
  private final OVERLAPPED recordOv;
  private final BiConsumer<Integer, Integer> sink;
  private final HANDLE worker;

  public TelemetryPortWorkerStopUsesCancelIoEx(Kernel32 k32, String pipeName, BiConsumer<Integer, Integer> sink) {
    this.k32 = k32;
    this.sink = sink;
    this.channel =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_READ,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.port = k32.CreateIoCompletionPort(channel, null, 1, 1);
    this.record = k32.LocalAlloc(WinBase.LMEM_FIXED, RECORD_SIZE);
    this.recordOv = new OVERLAPPED(k32);
    this.worker = k32.CreateThread("telemetry-worker", this::serve);
  }

  private boolean issueRead() {
    if (k32.ReadFile(channel, record, RECORD_SIZE, null, recordOv.getPointer())) {
      return true;
    }
    return k32.GetLastError() == WinError.ERROR_IO_PENDING;
  }

  private void serve() {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    if (!issueRead()) {
      return;
    }
    do {
      if (!k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE)) {
        return;
      }
      for (int at = 0; at + 8 <= bytes.getValue(); at += 8) {
        sink.accept(record.getInt(at), record.getInt(at + 4));
      }
    } while (issueRead());
  }

  public void stop() {
    k32.CancelIoEx(channel, recordOv.getPointer());
    k32.WaitForSingleObject(worker, WinBase.INFINITE);
    k32.CloseHandle(worker);
    k32.CloseHandle(channel);
    k32.CloseHandle(port);
    k32.LocalFree(record);
  }
}
