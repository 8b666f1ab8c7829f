package corpus.staleoverlappedwriteback;
// case: positive: pipe server waits a bounded time for a client, cancels on timeout, then asks GetOverlappedResult for the connect's outcome passing the OVERLAPPED Structure itself; its Java copy still says STATUS_PENDING and is written over the kernel's final status, so a cancelled connect can be reported as connected

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class PipeServerConnectResultByValue implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE pipe;
  private final OVERLAPPED connectOv;

  public PipeServerConnectResultByValue(Kernel32 k32, String name) {
    this.k32 = k32;
    this.pipe =
        k32.CreateNamedPipe(
            name, WinBase.PIPE_ACCESS_DUPLEX | WinBase.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT,
            1, 4096, 4096, 0, null);
    this.connectOv = new OVERLAPPED(k32);
    connectOv.hEvent = k32.CreateEvent(null, true, false, null);
  }

  /** True when a client connected within the timeout. */
  public boolean awaitClient(int timeoutMillis) {
    if (k32.ConnectNamedPipe(pipe, connectOv)) {
      return true;
    }
    int error = k32.GetLastError();
    if (error == WinError.ERROR_PIPE_CONNECTED) {
      return true;
    }
    if (error != WinError.ERROR_IO_PENDING) {
      return false;
    }
    if (k32.WaitForSingleObject(connectOv.hEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
      k32.CancelIoEx(pipe, connectOv.getPointer());
    }
    IntByReference unused = new IntByReference();
    return k32.GetOverlappedResult(pipe, connectOv, unused, true); // expect: StaleOverlappedWriteBack
  }

  public HANDLE pipe() {
    return pipe;
  }

  @Override
  public void close() {
    k32.CloseHandle(connectOv.hEvent);
    k32.CloseHandle(pipe);
  }
}
