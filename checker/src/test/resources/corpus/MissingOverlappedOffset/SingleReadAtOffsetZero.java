package corpus.missingoverlappedoffset;
// case: negative: the manifest loader opens the file itself and issues one read at offset 0 with a fresh OVERLAPPED; the zero offset is exactly the intended position

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

public final class SingleReadAtOffsetZero {
  private static final int MAX_MANIFEST = 2048;

  private final Kernel32 k32;

  public SingleReadAtOffsetZero(Kernel32 k32) {
    this.k32 = k32;
  }

  public String loadManifest(String path) {
    HANDLE file =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(file)) {
      return null;
    }
    Memory text = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_MANIFEST);
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    try {
      if (!k32.ReadFile(file, text, MAX_MANIFEST, null, ov)) {
        int error = k32.GetLastError();
        if (error == WinError.ERROR_HANDLE_EOF) {
          return "";
        }
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("manifest read failed: error " + error);
        }
      }
      IntByReference got = new IntByReference();
      if (!k32.GetOverlappedResult(file, ov.getPointer(), got, true)) {
        throw new IllegalStateException("manifest read failed: error " + k32.GetLastError());
      }
      return new String(text.getByteArray(0, got.getValue()), StandardCharsets.UTF_8);
    } finally {
      k32.CloseHandle(ov.hEvent);
      k32.LocalFree(text);
      k32.CloseHandle(file);
    }
  }
}
