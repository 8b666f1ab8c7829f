package corpus.failuretreatedaspending;
// case: negative: a pipe server returns straight away when ConnectNamedPipe reports ERROR_PIPE_CONNECTED, gives up on ERROR_NO_DATA, and waits on the connect event only for ERROR_IO_PENDING, cancelling and draining the connect when the wait times out

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;

public final class PipeAcceptReturnsWhenAlreadyConnected implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE pipe;
  private final OVERLAPPED connectOv;

  public PipeAcceptReturnsWhenAlreadyConnected(Kernel32 k32, String name) {
    this.k32 = k32;
    pipe =
        k32.CreateNamedPipe(
            name, WinBase.PIPE_ACCESS_DUPLEX | WinBase.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT,
            1, 4096, 4096, 0, null);
    connectOv = new OVERLAPPED(k32);
    connectOv.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public boolean accept(int timeoutMillis) throws IOException {
    if (k32.ConnectNamedPipe(pipe, connectOv)) {
      return true;
    }
    int error = k32.GetLastError();
    if (error == WinError.ERROR_PIPE_CONNECTED) {
      return true;
    }
    if (error == WinError.ERROR_NO_DATA) {
      return false;
    }
    if (error != WinError.ERROR_IO_PENDING) {
      throw new IOException("ConnectNamedPipe failed: error " + error);
    }
    IntByReference ignored = new IntByReference();
    if (k32.WaitForSingleObject(connectOv.hEvent, timeoutMillis) == WinBase.WAIT_TIMEOUT) {
      k32.CancelIoEx(pipe, connectOv.getPointer());
      k32.GetOverlappedResult(pipe, connectOv.getPointer(), ignored, true);
      return false;
    }
    return k32.GetOverlappedResult(pipe, connectOv.getPointer(), ignored, false);
  }

  public HANDLE pipe() {
    return pipe;
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.CloseHandle(connectOv.hEvent);
  }
}
