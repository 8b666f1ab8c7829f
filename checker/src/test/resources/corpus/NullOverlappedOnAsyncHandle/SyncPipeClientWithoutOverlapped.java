package corpus.nulloverlappedonasynchandle;
// case: negative: license-server client opens the pipe with FILE_ATTRIBUTE_NORMAL only (no FILE_FLAG_OVERLAPPED) and does blocking request/reply with null OVERLAPPEDs, which is how a synchronous handle is used

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

public final class SyncPipeClientWithoutOverlapped {
  private static final int MAX_REPLY = 1024;

  private final Kernel32 k32;
  private final String pipeName;

  public SyncPipeClientWithoutOverlapped(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.pipeName = pipeName;
  }

  public String checkout(String feature) throws IOException {
    HANDLE pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_ATTRIBUTE_NORMAL, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(pipe)) {
      throw new IOException("license server unavailable: error " + k32.GetLastError());
    }
    byte[] request = ("CHECKOUT " + feature + "\n").getBytes(StandardCharsets.US_ASCII);
    Memory out = k32.LocalAlloc(WinBase.LMEM_FIXED, request.length);
    Memory in = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_REPLY);
    try {
      out.write(0, request, 0, request.length);
      IntByReference written = new IntByReference();
      if (!k32.WriteFile(pipe, out, request.length, written, (OVERLAPPED) null)
          || written.getValue() != request.length) {
        throw new IOException("request failed: error " + k32.GetLastError());
      }
      IntByReference read = new IntByReference();
      if (!k32.ReadFile(pipe, in, MAX_REPLY, read, (OVERLAPPED) null)) {
        throw new IOException("reply failed: error " + k32.GetLastError());
      }
      return new String(in.getByteArray(0, read.getValue()), StandardCharsets.US_ASCII).trim();
    } finally {
      k32.LocalFree(out);
      k32.LocalFree(in);
      k32.CloseHandle(pipe);
    }
  }
}
