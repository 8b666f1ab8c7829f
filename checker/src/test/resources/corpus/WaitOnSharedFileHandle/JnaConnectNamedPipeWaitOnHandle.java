package corpus.waitonsharedfilehandle;
// case: negative: the pipe server's only outstanding operation is ConnectNamedPipe with an event-less OVERLAPPED, and it waits for the client on the pipe handle; one operation, so the signal is unambiguous

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

public final class JnaConnectNamedPipeWaitOnHandle {
  interface Pipes extends StdCallLibrary {
    Pipes INSTANCE = Native.load("kernel32", Pipes.class);

    boolean ConnectNamedPipe(HANDLE hNamedPipe, Pointer lpOverlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);

    boolean CancelIoEx(HANDLE h, Pointer overlapped);
  }

  private final HANDLE pipe;
  private final WinBase.OVERLAPPED connectOv = new WinBase.OVERLAPPED();

  public JnaConnectNamedPipeWaitOnHandle(String name) {
    pipe =
        Kernel32.INSTANCE.CreateNamedPipe(
            name, WinBase.PIPE_ACCESS_DUPLEX | Kernel32.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_MESSAGE | WinBase.PIPE_READMODE_MESSAGE | WinBase.PIPE_WAIT,
            1, 65536, 65536, 0, null);
  }

  public boolean awaitClient(int timeoutMillis) {
    connectOv.clear();
    connectOv.write();
    if (Pipes.INSTANCE.ConnectNamedPipe(pipe, connectOv.getPointer())) {
      return true;
    }
    int error = Native.getLastError();
    if (error == WinError.ERROR_PIPE_CONNECTED) {
      return true;
    }
    if (error != WinError.ERROR_IO_PENDING) {
      return false;
    }
    if (Kernel32.INSTANCE.WaitForSingleObject(pipe, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
      Pipes.INSTANCE.CancelIoEx(pipe, connectOv.getPointer());
      Pipes.INSTANCE.GetOverlappedResult(pipe, connectOv.getPointer(), new IntByReference(), true);
      return false;
    }
    return Pipes.INSTANCE.GetOverlappedResult(pipe, connectOv.getPointer(), new IntByReference(), false);
  }
}
