package corpus.nulloverlappedonasynchandle;
// case: positive: pipe server created with PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED connects correctly with an OVERLAPPED and event, then sends its greeting with WriteFile and a null OVERLAPPED on the same asynchronous handle

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

public final class PipeServerGreetingWithoutOverlapped {
  private static final byte[] GREETING = "HELLO v2\n".getBytes(StandardCharsets.US_ASCII);

  private final Kernel32 k32;
  private final String name;

  public PipeServerGreetingWithoutOverlapped(Kernel32 k32, String name) {
    this.k32 = k32;
    this.name = name;
  }

  /** Accepts one client and greets it; returns the connected pipe, or null. */
  public HANDLE acceptOne() {
    HANDLE pipe =
        k32.CreateNamedPipe(
            name, WinBase.PIPE_ACCESS_DUPLEX | WinBase.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT,
            WinBase.PIPE_UNLIMITED_INSTANCES, 4096, 4096, 0, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(pipe)) {
      return null;
    }
    HANDLE connected = k32.CreateEvent(null, true, false, null);
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.hEvent = connected;
    try {
      if (!k32.ConnectNamedPipe(pipe, ov)) {
        int error = k32.GetLastError();
        if (error == WinError.ERROR_IO_PENDING) {
          if (!k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true)) {
            k32.CloseHandle(pipe);
            return null;
          }
        } else if (error != WinError.ERROR_PIPE_CONNECTED) {
          k32.CloseHandle(pipe);
          return null;
        }
      }
    } finally {
      k32.CloseHandle(connected);
    }

    Memory greeting = k32.LocalAlloc(WinBase.LMEM_FIXED, GREETING.length);
    try {
      greeting.write(0, GREETING, 0, GREETING.length);
      IntByReference written = new IntByReference();
      boolean ok = k32.WriteFile(pipe, greeting, GREETING.length, written, (OVERLAPPED) null); // expect: NullOverlappedOnAsyncHandle
      if (!ok) {
        k32.CloseHandle(pipe);
        return null;
      }
    } finally {
      k32.LocalFree(greeting);
    }
    return pipe;
  }
}
