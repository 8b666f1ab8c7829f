package io.github.overlapcheck.samples.buggy;

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Sends messages to a peer over a named pipe opened for overlapped I/O. */
public final class PendingTreatedAsFailureSample implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE messageSent;

  public PendingTreatedAsFailureSample(Kernel32 k32, String pipeName) {
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
    this.messageSent = k32.CreateEvent(null, true, false, null);
  }

  public void send(String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, bytes.length);
    buffer.write(0, bytes, 0, bytes.length);
    OVERLAPPED overlapped = new OVERLAPPED(k32);
    overlapped.hEvent = messageSent;
    if (!k32.WriteFile(pipe, buffer, bytes.length, null, overlapped)) {
      int error = k32.GetLastError();
      k32.LocalFree(buffer);
      throw new IOException("cannot send message: error " + error);
    }
    IntByReference written = new IntByReference();
    boolean sent = k32.GetOverlappedResult(pipe, overlapped.getPointer(), written, true);
    int error = k32.GetLastError();
    k32.LocalFree(buffer);
    if (!sent) {
      throw new IOException("message not delivered: error " + error);
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.CloseHandle(messageSent);
  }
}
