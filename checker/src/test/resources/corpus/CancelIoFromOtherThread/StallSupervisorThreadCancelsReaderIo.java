package corpus.canceliofromotherthread;
// case: positive: barcode-scanner link with a receive thread and a supervisor thread; when no frame arrived for a while the supervisor calls CancelIo to make the receiver resynchronise, but the pending read belongs to the receive thread, so it is never aborted and the resync never happens

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.function.Consumer;

public final class StallSupervisorThreadCancelsReaderIo {
  private static final int FRAME = 32;

  private final Kernel32 k32;
  private final HANDLE scanner;
  private final HANDLE frameSeen;
  private final HANDLE shutdown;
  private final Consumer<byte[]> onFrame;
  private final HANDLE receiver;
  private final HANDLE supervisor;
  private int resyncs;

  public StallSupervisorThreadCancelsReaderIo(Kernel32 k32, String linkPipe, Consumer<byte[]> onFrame) {
    this.k32 = k32;
    this.onFrame = onFrame;
    this.scanner =
        k32.CreateFile(
            linkPipe, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    this.frameSeen = k32.CreateEvent(null, false, false, null);
    this.shutdown = k32.CreateEvent(null, true, false, null);
    this.receiver = k32.CreateThread("scanner-rx", this::receive);
    this.supervisor = k32.CreateThread("scanner-supervisor", this::supervise);
  }

  private void receive() {
    Memory frame = k32.LocalAlloc(WinBase.LMEM_FIXED, FRAME);
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
    IntByReference got = new IntByReference();
    try {
      while (k32.WaitForSingleObject(shutdown, 0) != WinBase.WAIT_OBJECT_0) {
        if (!k32.ReadFile(scanner, frame, FRAME, null, ov.getPointer())
            && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
          return;
        }
        if (k32.GetOverlappedResult(scanner, ov.getPointer(), got, true)) {
          k32.SetEvent(frameSeen);
          onFrame.accept(frame.getByteArray(0, got.getValue()));
        } else if (k32.GetLastError() == WinError.ERROR_OPERATION_ABORTED) {
          resyncs++;
        } else {
          return;
        }
      }
    } finally {
      k32.CloseHandle(ov.hEvent);
      k32.LocalFree(frame);
    }
  }

  private void supervise() {
    HANDLE[] objects = {shutdown, frameSeen};
    while (true) {
      int which = k32.WaitForMultipleObjects(2, objects, false, 5000);
      if (which == WinBase.WAIT_OBJECT_0) {
        return;
      }
      if (which == WinBase.WAIT_TIMEOUT) {
        k32.CancelIo(scanner); // expect: CancelIoFromOtherThread
      }
    }
  }

  public int resyncs() {
    return resyncs;
  }

  public void close() {
    k32.SetEvent(shutdown);
    k32.WaitForSingleObject(supervisor, WinBase.INFINITE);
    k32.CloseHandle(supervisor);
    while (k32.WaitForSingleObject(receiver, 100) == WinBase.WAIT_TIMEOUT) {
      k32.CancelIoEx(scanner, (Pointer) null);
    }
    k32.CloseHandle(receiver);
    k32.CloseHandle(scanner);
    k32.CloseHandle(frameSeen);
    k32.CloseHandle(shutdown);
  }
}
