package corpus.nulloverlappedonasynchandle;
// case: positive: log tailer connects to a service's output pipe with flags from a static constant that include FILE_FLAG_OVERLAPPED, then reads chunk after chunk in a loop with a null OVERLAPPED

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

public final class LineReaderFlagsConstantNullOverlapped {
  private static final int OPEN_FLAGS = WinBase.FILE_ATTRIBUTE_NORMAL | WinBase.FILE_FLAG_OVERLAPPED;
  private static final int CHUNK = 1024;

  private final Kernel32 k32;

  public LineReaderFlagsConstantNullOverlapped(Kernel32 k32) {
    this.k32 = k32;
  }

  public int tail(String pipeName, Consumer<String> lines) {
    HANDLE pipe =
        k32.CreateFile(pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING, OPEN_FLAGS, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(pipe)) {
      return k32.GetLastError();
    }
    Memory chunk = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, CHUNK);
    StringBuilder pending = new StringBuilder();
    try {
      while (true) {
        IntByReference got = new IntByReference();
        if (!k32.ReadFile(pipe, chunk, CHUNK, got, (OVERLAPPED) null)) { // expect: NullOverlappedOnAsyncHandle
          int error = k32.GetLastError();
          return error == WinError.ERROR_BROKEN_PIPE ? 0 : error;
        }
        pending.append(new String(chunk.getByteArray(0, got.getValue()), StandardCharsets.UTF_8));
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
          lines.accept(pending.substring(0, newline));
          pending.delete(0, newline + 1);
        }
      }
    } finally {
      k32.LocalFree(chunk);
      k32.CloseHandle(pipe);
    }
  }
}
