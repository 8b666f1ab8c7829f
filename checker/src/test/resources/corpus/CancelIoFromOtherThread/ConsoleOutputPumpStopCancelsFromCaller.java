package corpus.canceliofromotherthread;
// case: positive: pty-style console output pump reads the child's stdout pipe on its own thread; stop() runs on the caller's thread and uses CancelIo, which cancels only the caller's operations, so the pump's pending read is left running and the join waits until the child happens to write again

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.ByteArrayOutputStream;

public final class ConsoleOutputPumpStopCancelsFromCaller {
  private static final int CHUNK = 512;

  private final Kernel32 k32;
  private final HANDLE stdoutPipe;
  private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
  private final HANDLE pumpThread;
  private volatile boolean running = true;

  public ConsoleOutputPumpStopCancelsFromCaller(Kernel32 k32, String stdoutPipeName) {
    this.k32 = k32;
    this.stdoutPipe =
        k32.CreateFile(
            stdoutPipeName,
            WinBase.GENERIC_READ,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.pumpThread = k32.CreateThread("console-pump", this::pump);
  }

  private void pump() {
    Memory chunk = k32.LocalAlloc(WinBase.LMEM_FIXED, CHUNK);
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
    IntByReference got = new IntByReference();
    try {
      while (running) {
        boolean ok = k32.ReadFile(stdoutPipe, chunk, CHUNK, null, ov.getPointer());
        if (!ok && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
          break;
        }
        if (!k32.GetOverlappedResult(stdoutPipe, ov.getPointer(), got, true)) {
          break;
        }
        synchronized (transcript) {
          transcript.write(chunk.getByteArray(0, got.getValue()), 0, got.getValue());
        }
      }
    } finally {
      k32.CloseHandle(ov.hEvent);
      k32.LocalFree(chunk);
    }
  }

  public byte[] transcript() {
    synchronized (transcript) {
      return transcript.toByteArray();
    }
  }

  public void stop() {
    running = false;
    k32.CancelIo(stdoutPipe); // expect: CancelIoFromOtherThread
    k32.WaitForSingleObject(pumpThread, WinBase.INFINITE);
    k32.CloseHandle(pumpThread);
    k32.CloseHandle(stdoutPipe);
  }
}
