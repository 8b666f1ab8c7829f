package corpus.waitonsharedfilehandle;
// case: negative: firmware loader issues exactly one read on a handle it opened itself and waits on the file handle; with a single outstanding operation the handle's signal can only mean that read finished

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class SingleReadWaitOnHandle {
  private final Kernel32 k32;

  public SingleReadWaitOnHandle(Kernel32 k32) {
    this.k32 = k32;
  }

  public byte[] loadImage(String path, int maxSize) {
    HANDLE image =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(image)) {
      throw new IllegalStateException("no firmware image: error " + k32.GetLastError());
    }
    Memory buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, maxSize);
    OVERLAPPED ov = new OVERLAPPED(k32);
    try {
      if (!k32.ReadFile(image, buffer, maxSize, null, ov)) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("firmware read failed: error " + error);
        }
        k32.WaitForSingleObject(image, WinBase.INFINITE);
      }
      IntByReference got = new IntByReference();
      if (!k32.GetOverlappedResult(image, ov.getPointer(), got, false)) {
        throw new IllegalStateException("firmware read failed: error " + k32.GetLastError());
      }
      return buffer.getByteArray(0, got.getValue());
    } finally {
      k32.LocalFree(buffer);
      k32.CloseHandle(image);
    }
  }
}
