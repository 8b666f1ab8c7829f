package corpus.failuretreatedaspending;
// case: positive: an agent's control-pipe server lumps ERROR_PIPE_CONNECTED together with ERROR_IO_PENDING and completes the connect with GetOverlappedResult(bWait TRUE); when the client was already there nothing was started, the OVERLAPPED still says pending and its event is never set, so accept() hangs with a client connected

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;

public final class JnaPipeServerConnectedThenGetResult {
  interface PipeKernel32 extends Kernel32 {
    PipeKernel32 INSTANCE =
        Native.load("kernel32", PipeKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private final String name;
  private final WinBase.OVERLAPPED connectOv = new WinBase.OVERLAPPED();
  private HANDLE pipe;

  public JnaPipeServerConnectedThenGetResult(String name) {
    this.name = name;
    connectOv.hEvent = PipeKernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  public HANDLE accept() throws IOException {
    pipe =
        PipeKernel32.INSTANCE.CreateNamedPipe(
            name, WinBase.PIPE_ACCESS_DUPLEX | Kernel32.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_MESSAGE | WinBase.PIPE_READMODE_MESSAGE | WinBase.PIPE_WAIT,
            WinBase.PIPE_UNLIMITED_INSTANCES, 4096, 4096, 0, null);
    if (!PipeKernel32.INSTANCE.ConnectNamedPipe(pipe, connectOv)) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING && error != WinError.ERROR_PIPE_CONNECTED) {
        PipeKernel32.INSTANCE.CloseHandle(pipe);
        throw new IOException("ConnectNamedPipe failed: error " + error);
      }
      IntByReference ignored = new IntByReference();
      if (!PipeKernel32.INSTANCE.GetOverlappedResult(pipe, connectOv.getPointer(), ignored, true)) { // expect: FailureTreatedAsPending
        PipeKernel32.INSTANCE.CloseHandle(pipe);
        throw new IOException("client connect failed: error " + Native.getLastError());
      }
    }
    HANDLE connected = pipe;
    pipe = null;
    return connected;
  }

  public void close() {
    PipeKernel32.INSTANCE.CloseHandle(connectOv.hEvent);
  }
}
