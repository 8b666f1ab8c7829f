package io.github.overlapcheck.samples.buggy;

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

/** Writes records to a journal file with WriteFileEx, tallying what the completions report. */
public final class CompletionRoutineNeverRunsSample implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE file;
  private long endOfJournal;
  private long bytesWritten;

  public CompletionRoutineNeverRunsSample(Kernel32 k32, String path) {
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
  }

  public void writeRecord(String record) {
    byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
    Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, bytes.length);
    try {
      buffer.write(0, bytes, 0, bytes.length);
      OVERLAPPED overlapped = new OVERLAPPED(k32);
      overlapped.Offset = (int) endOfJournal;
      overlapped.OffsetHigh = (int) (endOfJournal >>> 32);
      endOfJournal += bytes.length;
      if (!k32.WriteFileEx(file, buffer, bytes.length, overlapped, this::onRecordWritten)) {
        throw new IllegalStateException("WriteFileEx failed: error " + k32.GetLastError());
      }
      k32.WaitForSingleObjectEx(file, WinBase.INFINITE, false);
    } finally {
      k32.LocalFree(buffer);
    }
  }

  private void onRecordWritten(int errorCode, int count, Pointer overlapped) {
    if (errorCode == WinError.ERROR_SUCCESS) {
      bytesWritten += count;
    }
  }

  /** Bytes the completed writes reported. */
  public long bytesWritten() {
    return bytesWritten;
  }

  @Override
  public void close() {
    k32.CloseHandle(file);
  }
}
