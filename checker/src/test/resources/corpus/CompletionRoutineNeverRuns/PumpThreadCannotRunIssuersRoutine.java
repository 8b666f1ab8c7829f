package corpus.completionroutineneverruns;
// case: positive: the client starts a dedicated pump thread that sleeps alertably "to run completion routines", but WriteFileEx is issued by the caller's thread and its routine is queued to that thread, which only waits non-alertably on the done event; the pump's alertable sleep can never run it

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class PumpThreadCannotRunIssuersRoutine implements AutoCloseable {
  private static final int FRAME = 64;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE frameDone;
  private final HANDLE pumpThread;
  private final Memory frame;
  private final OVERLAPPED frameOv;
  private volatile boolean running = true;
  private volatile int frameError;

  public PumpThreadCannotRunIssuersRoutine(Kernel32 k32, HANDLE overlappedPipe) {
    this.k32 = k32;
    this.pipe = overlappedPipe;
    this.frameDone = k32.CreateEvent(null, false, false, null);
    this.frame = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, FRAME);
    this.frameOv = new OVERLAPPED(k32);
    this.pumpThread = k32.CreateThread("io-pump", this::pump);
  }

  private void pump() {
    while (running) {
      k32.SleepEx(100, true);
    }
  }

  public void sendFrame(byte[] payload) {
    frame.write(0, payload, 0, Math.min(payload.length, FRAME));
    if (!k32.WriteFileEx(pipe, frame, FRAME, frameOv.getPointer(), this::onFrameSent)) { // expect: CompletionRoutineNeverRuns
      throw new IllegalStateException("WriteFileEx failed: error " + k32.GetLastError());
    }
    if (k32.WaitForSingleObject(frameDone, WinBase.INFINITE) != WinBase.WAIT_OBJECT_0) {
      throw new IllegalStateException("frame wait failed: error " + k32.GetLastError());
    }
    if (frameError != WinError.ERROR_SUCCESS) {
      throw new IllegalStateException("frame failed: error " + frameError);
    }
  }

  private void onFrameSent(int errorCode, int count, Pointer overlapped) {
    frameError = errorCode;
    k32.SetEvent(frameDone);
  }

  @Override
  public void close() {
    running = false;
    k32.WaitForSingleObject(pumpThread, WinBase.INFINITE);
    k32.CloseHandle(pumpThread);
    k32.CloseHandle(frameDone);
    k32.LocalFree(frame);
  }
}
