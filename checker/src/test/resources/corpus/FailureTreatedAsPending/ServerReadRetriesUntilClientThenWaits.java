package corpus.failuretreatedaspending;
// case: negative: a pipe server that may read before its client has opened the pipe retries ReadFile after a short sleep while it fails with ERROR_PIPE_LISTENING, leaves the loop only on TRUE or ERROR_IO_PENDING, and throws on other errors, so the wait on the OVERLAPPED's event is reached only when a read was started

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;

public final class ServerReadRetriesUntilClientThenWaits implements AutoCloseable {
  private static final int BUFFER = 4096;
  private static final int MAX_ATTEMPTS = 100;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory inbound;
  private final OVERLAPPED ov;

  public ServerReadRetriesUntilClientThenWaits(Kernel32 k32, String name) {
    this.k32 = k32;
    pipe =
        k32.CreateNamedPipe(
            name, WinBase.PIPE_ACCESS_INBOUND | WinBase.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT,
            1, BUFFER, BUFFER, 0, null);
    inbound = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, BUFFER);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public byte[] firstMessage() throws IOException {
    int attempts = 0;
    while (!k32.ReadFile(pipe, inbound, BUFFER, null, ov)) {
      int error = k32.GetLastError();
      if (error == WinError.ERROR_IO_PENDING) {
        break;
      }
      if (error != WinError.ERROR_PIPE_LISTENING || ++attempts > MAX_ATTEMPTS) {
        throw new IOException("no message from client: error " + error);
      }
      k32.Sleep(50);
    }
    if (k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE) != WinBase.WAIT_OBJECT_0) {
      throw new IOException("wait failed: error " + k32.GetLastError());
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, ov.getPointer(), got, false)) {
      throw new IOException("read failed: error " + k32.GetLastError());
    }
    return inbound.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(inbound);
  }
}
