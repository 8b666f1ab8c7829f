package corpus.completionroutineneverruns;
// case: negative: pipe stream reader issues the first ReadFileEx and then sleeps alertably until end of stream; the routine delivers each chunk and re-issues ReadFileEx from inside itself with no wait of its own, which is correct because it runs inside the issuing thread's alertable SleepEx and returns to it

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.ByteArrayOutputStream;

public final class PipeStreamReissuesFromRoutine {
  private static final int CHUNK = 512;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory chunk;
  private final OVERLAPPED ov;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private boolean reading;
  private int endError;

  public PipeStreamReissuesFromRoutine(Kernel32 k32, HANDLE overlappedPipe) {
    this.k32 = k32;
    this.pipe = overlappedPipe;
    this.chunk = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, CHUNK);
    this.ov = new OVERLAPPED(k32);
  }

  public byte[] readToEnd() {
    reading = issueRead();
    while (reading) {
      k32.SleepEx(WinBase.INFINITE, true);
    }
    if (endError != WinError.ERROR_BROKEN_PIPE && endError != WinError.ERROR_HANDLE_EOF) {
      throw new IllegalStateException("pipe read failed: error " + endError);
    }
    return received.toByteArray();
  }

  private boolean issueRead() {
    if (k32.ReadFileEx(pipe, chunk, CHUNK, ov.getPointer(), this::onChunk)) {
      return true;
    }
    endError = k32.GetLastError();
    return false;
  }

  private void onChunk(int errorCode, int count, Pointer overlapped) {
    if (errorCode != WinError.ERROR_SUCCESS) {
      endError = errorCode;
      reading = false;
      return;
    }
    received.write(chunk.getByteArray(0, count), 0, count);
    reading = issueRead();
  }

  public void release() {
    k32.LocalFree(chunk);
  }
}
