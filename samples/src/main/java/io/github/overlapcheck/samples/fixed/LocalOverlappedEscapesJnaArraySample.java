package io.github.overlapcheck.samples.fixed;

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.ByteArrayOutputStream;

/** Loads a settings file, opened for overlapped I/O, into memory chunk by chunk. */
public final class LocalOverlappedEscapesJnaArraySample implements AutoCloseable {
  private static final int CHUNK_SIZE = 64;

  private final Kernel32 k32;
  private final HANDLE file;
  private final HANDLE chunkRead;

  public LocalOverlappedEscapesJnaArraySample(Kernel32 k32, String path) {
    this.k32 = k32;
    this.file =
        k32.CreateFile(
            path,
            WinBase.GENERIC_READ,
            WinBase.FILE_SHARE_READ,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.chunkRead = k32.CreateEvent(null, true, false, null);
  }

  public byte[] readAll() {
    ByteArrayOutputStream contents = new ByteArrayOutputStream();
    // Native memory that outlives ReadFile: JNA's copy of a byte[] is freed when the call returns.
    Memory chunk = k32.LocalAlloc(WinBase.LMEM_FIXED, CHUNK_SIZE);
    try {
      readInto(chunk, contents);
    } finally {
      k32.LocalFree(chunk);
    }
    return contents.toByteArray();
  }

  private void readInto(Memory chunk, ByteArrayOutputStream contents) {
    long offset = 0;
    while (true) {
      OVERLAPPED overlapped = new OVERLAPPED(k32);
      overlapped.Offset = (int) offset;
      overlapped.OffsetHigh = (int) (offset >>> 32);
      overlapped.hEvent = chunkRead;
      if (!k32.ReadFile(file, chunk, CHUNK_SIZE, null, overlapped)) {
        int error = k32.GetLastError();
        if (error == WinError.ERROR_HANDLE_EOF) {
          return;
        }
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("ReadFile failed: error " + error);
        }
      }
      IntByReference count = new IntByReference();
      if (!k32.GetOverlappedResult(file, overlapped.getPointer(), count, true)) {
        throw new IllegalStateException("read failed: error " + k32.GetLastError());
      }
      contents.write(chunk.getByteArray(0, count.getValue()), 0, count.getValue());
      offset += count.getValue();
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(file);
    k32.CloseHandle(chunkRead);
  }
}
