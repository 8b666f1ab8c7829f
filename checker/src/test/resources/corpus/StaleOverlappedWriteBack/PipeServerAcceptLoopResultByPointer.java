package corpus.staleoverlappedwriteback;
// case: negative: pipe server passes its OVERLAPPED Structure to ConnectNamedPipe (writing it before the operation starts is what is wanted) but fetches the outcome, after a timed wait and CancelIoEx, through getPointer(), so nothing is written back over the kernel's status

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.function.Consumer;

public final class PipeServerAcceptLoopResultByPointer {
  private final Kernel32 k32;
  private final String name;
  private volatile boolean running = true;

  public PipeServerAcceptLoopResultByPointer(Kernel32 k32, String name) {
    this.k32 = k32;
    this.name = name;
  }

  public void stop() {
    running = false;
  }

  public void serve(Consumer<HANDLE> session, int pollMillis) {
    HANDLE connected = k32.CreateEvent(null, true, false, null);
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.hEvent = connected;
    try {
      while (running) {
        HANDLE pipe =
            k32.CreateNamedPipe(
                name, WinBase.PIPE_ACCESS_DUPLEX | WinBase.FILE_FLAG_OVERLAPPED,
                WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_WAIT, WinBase.PIPE_UNLIMITED_INSTANCES,
                4096, 4096, 0, null);
        boolean client;
        if (k32.ConnectNamedPipe(pipe, ov)) {
          client = true;
        } else {
          int error = k32.GetLastError();
          if (error == WinError.ERROR_PIPE_CONNECTED) {
            client = true;
          } else if (error == WinError.ERROR_IO_PENDING) {
            if (k32.WaitForSingleObject(connected, pollMillis) != WinBase.WAIT_OBJECT_0) {
              k32.CancelIoEx(pipe, ov.getPointer());
            }
            client = k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
          } else {
            client = false;
          }
        }
        if (client) {
          session.accept(pipe);
        }
        k32.CloseHandle(pipe);
      }
    } finally {
      k32.CloseHandle(connected);
    }
  }
}
