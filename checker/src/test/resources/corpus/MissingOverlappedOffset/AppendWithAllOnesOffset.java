package corpus.missingoverlappedoffset;
// case: negative: access log appender sets Offset and OffsetHigh to 0xFFFFFFFF, the documented way to write at end of file on an asynchronous handle, so the offset is deliberate and needs no advancing

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

public final class AppendWithAllOnesOffset implements AutoCloseable {
  private static final int END_OF_FILE = 0xFFFFFFFF;

  private final Kernel32 k32;
  private final HANDLE accessLog;
  private final OVERLAPPED ov;
  private final Memory line;

  public AppendWithAllOnesOffset(Kernel32 k32, String path) {
    this.k32 = k32;
    accessLog =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    line = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 2048);
  }

  public void log(String client, String request, int status) {
    byte[] bytes =
        (client + " \"" + request + "\" " + status + "\n").getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, 2048);
    line.write(0, bytes, 0, length);
    ov.Offset = END_OF_FILE;
    ov.OffsetHigh = END_OF_FILE;
    k32.ResetEvent(ov.hEvent);
    if (!k32.WriteFile(accessLog, line, length, null, ov)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("log write failed: error " + k32.GetLastError());
    }
    if (!k32.GetOverlappedResult(accessLog, ov.getPointer(), new IntByReference(), true)) {
      throw new IllegalStateException("log write failed: error " + k32.GetLastError());
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(accessLog);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(line);
  }
}
