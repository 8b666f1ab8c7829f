package corpus.failuretreatedaspending;
// case: positive: a pipe server decides to wait for its client whenever ConnectNamedPipe returns FALSE with anything but ERROR_NO_DATA; ERROR_PIPE_CONNECTED (client already there) also leads to the wait on the connect event, which nothing will ever set

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;

public final class PipeAcceptWaitsUnlessNoData implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE connectEvent;
  private final OVERLAPPED connectOv;
  private final OVERLAPPED writeOv;
  private final Memory banner;

  public PipeAcceptWaitsUnlessNoData(Kernel32 k32, String name) {
    this.k32 = k32;
    pipe =
        k32.CreateNamedPipe(
            name, WinBase.PIPE_ACCESS_DUPLEX | WinBase.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT,
            1, 4096, 4096, 0, null);
    connectEvent = k32.CreateEvent(null, true, false, null);
    connectOv = new OVERLAPPED(k32);
    connectOv.hEvent = connectEvent;
    writeOv = new OVERLAPPED(k32);
    writeOv.hEvent = k32.CreateEvent(null, true, false, null);
    banner = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 16);
  }

  public boolean acceptAndGreet() throws IOException {
    boolean connected = k32.ConnectNamedPipe(pipe, connectOv);
    boolean mustWait = !connected && k32.GetLastError() != WinError.ERROR_NO_DATA;
    if (!connected && !mustWait) {
      return false;
    }
    if (mustWait
        && k32.WaitForSingleObject(connectEvent, WinBase.INFINITE) != WinBase.WAIT_OBJECT_0) { // expect: FailureTreatedAsPending
      throw new IOException("wait for client failed: error " + k32.GetLastError());
    }
    banner.write(0, new byte[] {'H', 'E', 'L', 'L', 'O', '\n'}, 0, 6);
    if (!k32.WriteFile(pipe, banner, 6, null, writeOv)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IOException("greeting failed: error " + k32.GetLastError());
    }
    IntByReference written = new IntByReference();
    return k32.GetOverlappedResult(pipe, writeOv.getPointer(), written, true);
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.CloseHandle(connectEvent);
    k32.CloseHandle(writeOv.hEvent);
    k32.LocalFree(banner);
  }
}
