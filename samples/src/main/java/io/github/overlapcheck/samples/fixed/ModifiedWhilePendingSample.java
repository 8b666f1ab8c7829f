package io.github.overlapcheck.samples.fixed;

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

/** Streams telemetry lines to a collector's named pipe, one write in flight at a time. */
public final class ModifiedWhilePendingSample implements AutoCloseable {
  private static final int MAX_LINE = 256;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE lineSent;
  private final Memory line;
  private final OVERLAPPED overlapped;
  private boolean writeInFlight;

  public ModifiedWhilePendingSample(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.pipe =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_WRITE,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.lineSent = k32.CreateEvent(null, true, false, null);
    this.line = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_LINE);
    this.overlapped = new OVERLAPPED(k32);
    overlapped.hEvent = lineSent;
    overlapped.write();
  }

  public void send(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_LINE) {
      throw new IllegalArgumentException("line too long: " + bytes.length + " bytes");
    }
    // The previous write owns the buffer until it completes.
    awaitPreviousWrite();
    line.write(0, bytes, 0, bytes.length);
    if (!k32.WriteFile(pipe, line, bytes.length, null, overlapped.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("WriteFile failed: error " + error);
      }
    }
    writeInFlight = true;
  }

  private void awaitPreviousWrite() {
    if (writeInFlight) {
      IntByReference sent = new IntByReference();
      if (!k32.GetOverlappedResult(pipe, overlapped.getPointer(), sent, true)) {
        throw new IllegalStateException("telemetry write failed: error " + k32.GetLastError());
      }
      writeInFlight = false;
    }
  }

  @Override
  public void close() {
    awaitPreviousWrite();
    k32.CloseHandle(pipe);
    k32.CloseHandle(lineSent);
    k32.LocalFree(line);
  }
}
