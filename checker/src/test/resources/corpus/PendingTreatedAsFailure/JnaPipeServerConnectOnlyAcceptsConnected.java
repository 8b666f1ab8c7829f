package corpus.pendingtreatedasfailure;
// case: positive: an IPC server on an overlapped named pipe treats every FALSE from ConnectNamedPipe other than ERROR_PIPE_CONNECTED as a failed accept and tears the instance down, so the normal case (no client yet, ERROR_IO_PENDING) is reported as an error

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;

public final class JnaPipeServerConnectOnlyAcceptsConnected {
  interface PipeKernel32 extends Kernel32 {
    PipeKernel32 INSTANCE =
        Native.load("kernel32", PipeKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private static final int BUFFER = 4096;

  private final String name;
  private final WinBase.OVERLAPPED connectOv = new WinBase.OVERLAPPED();
  private final WinBase.OVERLAPPED readOv = new WinBase.OVERLAPPED();
  private final Memory request = new Memory(BUFFER);
  private HANDLE pipe;

  public JnaPipeServerConnectOnlyAcceptsConnected(String name) {
    this.name = name;
    connectOv.hEvent = PipeKernel32.INSTANCE.CreateEvent(null, true, false, null);
    readOv.hEvent = PipeKernel32.INSTANCE.CreateEvent(null, true, false, null);
    readOv.write();
  }

  public void accept() throws IOException {
    pipe =
        PipeKernel32.INSTANCE.CreateNamedPipe(
            name, WinBase.PIPE_ACCESS_DUPLEX | Kernel32.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT,
            1, BUFFER, BUFFER, 0, null);
    if (!PipeKernel32.INSTANCE.ConnectNamedPipe(pipe, connectOv)) { // expect: PendingTreatedAsFailure
      int error = Native.getLastError();
      if (error != WinError.ERROR_PIPE_CONNECTED) {
        PipeKernel32.INSTANCE.CloseHandle(pipe);
        pipe = null;
        throw new IOException("no client on " + name + ": error " + error);
      }
    }
  }

  public byte[] readRequest() throws IOException {
    IntByReference got = new IntByReference();
    if (!PipeKernel32.INSTANCE.ReadFile(pipe, request, BUFFER, null, readOv.getPointer())
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IOException("request read failed: error " + Native.getLastError());
    }
    if (!PipeKernel32.INSTANCE.GetOverlappedResult(pipe, readOv.getPointer(), got, true)) {
      throw new IOException("request read failed: error " + Native.getLastError());
    }
    return request.getByteArray(0, got.getValue());
  }
}
