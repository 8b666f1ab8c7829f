package corpus.failuretreatedaspending;
// case: negative: a multi-instance pipe server follows the documented pattern: on ERROR_PIPE_CONNECTED it signals the OVERLAPPED's event itself, so the shared wait on that event returns at once, and it calls GetOverlappedResult only for a connect that really went pending

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;

public final class JnaPipeServerSetsEventWhenConnected {
  interface Pipes extends StdCallLibrary {
    Pipes INSTANCE = Native.load("kernel32", Pipes.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ConnectNamedPipe(HANDLE hNamedPipe, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private final HANDLE pipe;
  private final WinBase.OVERLAPPED connectOv = new WinBase.OVERLAPPED();

  public JnaPipeServerSetsEventWhenConnected(String name) {
    pipe =
        Kernel32.INSTANCE.CreateNamedPipe(
            name, WinBase.PIPE_ACCESS_DUPLEX | Kernel32.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_MESSAGE | WinBase.PIPE_READMODE_MESSAGE | WinBase.PIPE_WAIT,
            WinBase.PIPE_UNLIMITED_INSTANCES, 4096, 4096, 0, null);
    connectOv.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, true, null);
    connectOv.write();
  }

  public void awaitClient() throws IOException {
    boolean pendingIo = false;
    if (!Pipes.INSTANCE.ConnectNamedPipe(pipe, connectOv.getPointer())) {
      int error = Native.getLastError();
      switch (error) {
        case WinError.ERROR_IO_PENDING:
          pendingIo = true;
          break;
        case WinError.ERROR_PIPE_CONNECTED:
          Kernel32.INSTANCE.SetEvent(connectOv.hEvent);
          break;
        default:
          throw new IOException("ConnectNamedPipe failed: error " + error);
      }
    }
    if (Kernel32.INSTANCE.WaitForSingleObject(connectOv.hEvent, WinBase.INFINITE)
        != WinBase.WAIT_OBJECT_0) {
      throw new IOException("wait failed: error " + Native.getLastError());
    }
    if (pendingIo
        && !Pipes.INSTANCE.GetOverlappedResult(pipe, connectOv.getPointer(), new IntByReference(), false)) {
      throw new IOException("client connect failed: error " + Native.getLastError());
    }
  }

  public HANDLE handle() {
    return pipe;
  }
}
