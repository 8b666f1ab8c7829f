package corpus.pendingtreatedasfailure;
// case: negative: a print-spooler pipe reader switches over the error of a FALSE overlapped ReadFile with an explicit ERROR_IO_PENDING case that goes on to wait, and only the remaining codes end the read

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;

public final class PipeReaderSwitchHandlesPending implements AutoCloseable {
  private static final int JOB_CHUNK = 8192;

  private final Kernel32 k32;
  private final HANDLE spoolPipe;
  private final Memory chunk;
  private final OVERLAPPED ov;

  public PipeReaderSwitchHandlesPending(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    spoolPipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    chunk = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, JOB_CHUNK);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public int readChunk(byte[] dst) throws IOException {
    int want = Math.min(dst.length, JOB_CHUNK);
    if (!k32.ReadFile(spoolPipe, chunk, want, null, ov)) {
      int error = k32.GetLastError();
      switch (error) {
        case WinError.ERROR_IO_PENDING:
          break;
        case WinError.ERROR_BROKEN_PIPE:
          return -1;
        default:
          throw new IOException("spool read failed: error " + error);
      }
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(spoolPipe, ov.getPointer(), got, true)) {
      int error = k32.GetLastError();
      if (error == WinError.ERROR_BROKEN_PIPE) {
        return -1;
      }
      throw new IOException("spool read failed: error " + error);
    }
    chunk.read(0, dst, 0, got.getValue());
    return got.getValue();
  }

  @Override
  public void close() {
    k32.CloseHandle(spoolPipe);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(chunk);
  }
}
