package io.github.overlapcheck.samples.buggy;

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A named-pipe server that accepts one client and sends it a greeting. */
public final class FailureTreatedAsPendingSample implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE ioDone;

  public FailureTreatedAsPendingSample(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.pipe =
        k32.CreateNamedPipe(
            pipeName,
            WinBase.PIPE_ACCESS_DUPLEX | WinBase.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT,
            1,
            4096,
            4096,
            0,
            null);
    this.ioDone = k32.CreateEvent(null, true, false, null);
  }

  /** Waits until a client has opened the pipe. */
  public void acceptClient() throws IOException {
    OVERLAPPED overlapped = new OVERLAPPED(k32);
    overlapped.hEvent = ioDone;
    if (!k32.ConnectNamedPipe(pipe, overlapped)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING && error != WinError.ERROR_PIPE_CONNECTED) {
        throw new IOException("ConnectNamedPipe failed: error " + error);
      }
      k32.WaitForSingleObject(ioDone, WinBase.INFINITE);
    }
  }

  public void greet(String greeting) throws IOException {
    byte[] bytes = greeting.getBytes(StandardCharsets.UTF_8);
    Memory buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, bytes.length);
    try {
      buffer.write(0, bytes, 0, bytes.length);
      OVERLAPPED overlapped = new OVERLAPPED(k32);
      overlapped.hEvent = ioDone;
      if (!k32.WriteFile(pipe, buffer, bytes.length, null, overlapped)) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IOException("WriteFile failed: error " + error);
        }
      }
      IntByReference written = new IntByReference();
      if (!k32.GetOverlappedResult(pipe, overlapped.getPointer(), written, true)) {
        throw new IOException("greeting not sent: error " + k32.GetLastError());
      }
    } finally {
      k32.LocalFree(buffer);
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.CloseHandle(ioDone);
  }
}
