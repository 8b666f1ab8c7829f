package corpus.pendingtreatedasfailure;
// case: negative: an IPC server on an overlapped pipe accepts a client with ConnectNamedPipe, treating ERROR_PIPE_CONNECTED as connected and ERROR_IO_PENDING as in progress (waited for, cancelled and drained on timeout); only other codes are failures

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;

public final class JnaPipeServerConnectHandlesBothCodes {
  interface PipeKernel32 extends Kernel32 {
    PipeKernel32 INSTANCE =
        Native.load("kernel32", PipeKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final HANDLE pipe;
  private final WinBase.OVERLAPPED connectOv = new WinBase.OVERLAPPED();

  public JnaPipeServerConnectHandlesBothCodes(String name) {
    pipe =
        PipeKernel32.INSTANCE.CreateNamedPipe(
            name, WinBase.PIPE_ACCESS_DUPLEX | Kernel32.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_MESSAGE | WinBase.PIPE_READMODE_MESSAGE | WinBase.PIPE_WAIT,
            1, 4096, 4096, 0, null);
    connectOv.hEvent = PipeKernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  public boolean awaitClient(int timeoutMillis) throws IOException {
    if (PipeKernel32.INSTANCE.ConnectNamedPipe(pipe, connectOv)) {
      return true;
    }
    int error = Native.getLastError();
    if (error == WinError.ERROR_PIPE_CONNECTED) {
      return true;
    }
    if (error != WinError.ERROR_IO_PENDING) {
      throw new IOException("ConnectNamedPipe failed: error " + error);
    }
    IntByReference ignored = new IntByReference();
    if (PipeKernel32.INSTANCE.WaitForSingleObject(connectOv.hEvent, timeoutMillis)
        != WinBase.WAIT_OBJECT_0) {
      PipeKernel32.INSTANCE.CancelIoEx(pipe, connectOv.getPointer());
      PipeKernel32.INSTANCE.GetOverlappedResult(pipe, connectOv.getPointer(), ignored, true);
      return false;
    }
    return PipeKernel32.INSTANCE.GetOverlappedResult(pipe, connectOv.getPointer(), ignored, false);
  }

  public void close() {
    PipeKernel32.INSTANCE.CloseHandle(pipe);
    PipeKernel32.INSTANCE.CloseHandle(connectOv.hEvent);
  }
}
