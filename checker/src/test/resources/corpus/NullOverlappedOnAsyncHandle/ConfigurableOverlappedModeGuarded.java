package corpus.nulloverlappedonasynchandle;
// case: negative: pipe transport that opens overlapped or blocking depending on a constructor flag kept in a final field; the null-OVERLAPPED write runs only when the flag says the handle was opened without FILE_FLAG_OVERLAPPED

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;

public final class ConfigurableOverlappedModeGuarded implements AutoCloseable {
  private final Kernel32 k32;
  private final boolean overlapped;
  private final HANDLE pipe;
  private final HANDLE writeDone;

  public ConfigurableOverlappedModeGuarded(Kernel32 k32, String pipeName, boolean overlapped)
      throws IOException {
    this.k32 = k32;
    this.overlapped = overlapped;
    int flags = overlapped ? WinBase.FILE_FLAG_OVERLAPPED : WinBase.FILE_ATTRIBUTE_NORMAL;
    this.pipe =
        k32.CreateFile(pipeName, WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_EXISTING, flags, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(pipe)) {
      throw new IOException("cannot open " + pipeName + ": error " + k32.GetLastError());
    }
    this.writeDone = overlapped ? k32.CreateEvent(null, true, false, null) : null;
  }

  /** Writes {@code length} bytes of {@code data}; returns how many were written. */
  public int write(Memory data, int length) throws IOException {
    if (!overlapped) {
      IntByReference written = new IntByReference();
      if (!k32.WriteFile(pipe, data, length, written, (OVERLAPPED) null)) {
        throw new IOException("write failed: error " + k32.GetLastError());
      }
      return written.getValue();
    }
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.hEvent = writeDone;
    if (!k32.WriteFile(pipe, data, length, null, ov)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IOException("write failed: error " + error);
      }
    }
    IntByReference written = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, ov.getPointer(), written, true)) {
      throw new IOException("write failed: error " + k32.GetLastError());
    }
    return written.getValue();
  }

  @Override
  public void close() {
    if (writeDone != null) {
      k32.CloseHandle(writeDone);
    }
    k32.CloseHandle(pipe);
  }
}
