package corpus.missingoverlappedoffset;
// case: negative: command server on an overlapped named pipe reads request after request with an OVERLAPPED whose offset is never set; pipes are not seeking devices, so the offset is ignored and not needed

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

public final class NamedPipeServerReadsWithoutOffset {
  private static final int MAX_COMMAND = 256;

  private final Kernel32 k32;

  public NamedPipeServerReadsWithoutOffset(Kernel32 k32) {
    this.k32 = k32;
  }

  public void serve(String name, Function<String, String> handler) {
    HANDLE pipe =
        k32.CreateNamedPipe(
            name, WinBase.PIPE_ACCESS_DUPLEX | WinBase.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT,
            1, 4096, 4096, 0, null);
    HANDLE ready = k32.CreateEvent(null, true, false, null);
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.hEvent = ready;
    Memory in = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_COMMAND);
    Memory out = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 4096);
    try {
      if (!k32.ConnectNamedPipe(pipe, ov)) {
        int error = k32.GetLastError();
        if (error == WinError.ERROR_IO_PENDING) {
          k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
        } else if (error != WinError.ERROR_PIPE_CONNECTED) {
          return;
        }
      }
      while (true) {
        k32.ResetEvent(ready);
        if (!k32.ReadFile(pipe, in, MAX_COMMAND, null, ov)
            && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
          return;
        }
        IntByReference got = new IntByReference();
        if (!k32.GetOverlappedResult(pipe, ov.getPointer(), got, true)) {
          return;
        }
        String command = new String(in.getByteArray(0, got.getValue()), StandardCharsets.UTF_8);
        byte[] reply = handler.apply(command.trim()).getBytes(StandardCharsets.UTF_8);
        int length = Math.min(reply.length, 4096);
        out.write(0, reply, 0, length);
        k32.ResetEvent(ready);
        if (!k32.WriteFile(pipe, out, length, null, ov)
            && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
          return;
        }
        if (!k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true)) {
          return;
        }
      }
    } finally {
      k32.CloseHandle(pipe);
      k32.CloseHandle(ready);
      k32.LocalFree(in);
      k32.LocalFree(out);
    }
  }
}
