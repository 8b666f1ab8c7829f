package corpus.completionroutineneverruns;
// case: positive: modem line reader issues ReadFileEx and then polls a flag the routine sets, sleeping with Sleep between polls; Sleep is SleepEx with bAlertable FALSE, so the routine never runs, the flag never flips and every read times out although the data arrived

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

public final class ModemLinePollsWithSleep {
  private static final int LINE_MAX = 128;
  private static final int POLL_MILLIS = 5;

  private final Kernel32 k32;
  private final HANDLE line;
  private final Memory rx;
  private final OVERLAPPED rxOv;
  private volatile boolean lineReady;
  private volatile int lineLength;
  private volatile int lineError;

  public ModemLinePollsWithSleep(Kernel32 k32, HANDLE overlappedLine) {
    this.k32 = k32;
    this.line = overlappedLine;
    this.rx = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, LINE_MAX);
    this.rxOv = new OVERLAPPED(k32);
  }

  public String readResponse(int timeoutMillis) {
    lineReady = false;
    if (!k32.ReadFileEx(line, rx, LINE_MAX, rxOv.getPointer(), this::onLine)) { // expect: CompletionRoutineNeverRuns
      throw new IllegalStateException("ReadFileEx failed: error " + k32.GetLastError());
    }
    for (int waited = 0; !lineReady; waited += POLL_MILLIS) {
      if (waited >= timeoutMillis) {
        k32.CancelIoEx(line, rxOv.getPointer());
        k32.GetOverlappedResult(line, rxOv.getPointer(), new IntByReference(), true);
        throw new IllegalStateException("modem did not answer within " + timeoutMillis + " ms");
      }
      k32.Sleep(POLL_MILLIS);
    }
    if (lineError != WinError.ERROR_SUCCESS) {
      throw new IllegalStateException("modem read failed: error " + lineError);
    }
    return new String(rx.getByteArray(0, lineLength), StandardCharsets.US_ASCII).trim();
  }

  private void onLine(int errorCode, int count, Pointer overlapped) {
    lineError = errorCode;
    lineLength = count;
    lineReady = true;
  }

  public void release() {
    k32.LocalFree(rx);
  }
}
