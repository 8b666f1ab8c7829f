package io.github.overlapcheck.samples.fixed;

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

/** Appends audit records to a file opened for overlapped I/O. */
public final class MissingOverlappedOffsetSample implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE file;
  private final HANDLE recordWritten;
  private long endOfFile;

  public MissingOverlappedOffsetSample(Kernel32 k32, String path) {
    this.k32 = k32;
    this.file =
        k32.CreateFile(
            path,
            WinBase.GENERIC_WRITE,
            WinBase.FILE_SHARE_READ,
            null,
            WinBase.CREATE_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.recordWritten = k32.CreateEvent(null, true, false, null);
  }

  public void append(String record) {
    byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
    Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, bytes.length);
    try {
      buffer.write(0, bytes, 0, bytes.length);
      OVERLAPPED overlapped = new OVERLAPPED(k32);
      // An asynchronous handle has no file pointer: the OVERLAPPED says where to write.
      overlapped.Offset = (int) endOfFile;
      overlapped.OffsetHigh = (int) (endOfFile >>> 32);
      overlapped.hEvent = recordWritten;
      if (!k32.WriteFile(file, buffer, bytes.length, null, overlapped)) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("WriteFile failed: error " + error);
        }
      }
      IntByReference written = new IntByReference();
      if (!k32.GetOverlappedResult(file, overlapped.getPointer(), written, true)) {
        throw new IllegalStateException("audit write failed: error " + k32.GetLastError());
      }
      endOfFile += written.getValue();
    } finally {
      k32.LocalFree(buffer);
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(file);
    k32.CloseHandle(recordWritten);
  }
}
