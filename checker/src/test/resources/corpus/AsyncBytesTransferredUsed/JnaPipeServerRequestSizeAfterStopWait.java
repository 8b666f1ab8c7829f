package corpus.asyncbytestransferredused;
// case: positive: pipe server waits for a pending request read on either the read event or a stop event with WaitForMultipleObjects; on the read event it takes the request size from ReadFile's lpNumberOfBytesRead, which pending reads never fill in

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

public final class JnaPipeServerRequestSizeAfterStopWait {
  interface PipeIo extends StdCallLibrary {
    PipeIo INSTANCE = Native.load("kernel32", PipeIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final HANDLE pipe;
  private final HANDLE stop;
  private final Memory request = new Memory(2048);
  private final WinBase.OVERLAPPED readOv = new WinBase.OVERLAPPED();

  public JnaPipeServerRequestSizeAfterStopWait(HANDLE connectedOverlappedPipe, HANDLE stop) {
    this.pipe = connectedOverlappedPipe;
    this.stop = stop;
    readOv.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    readOv.write();
  }

  public byte[] nextRequest() {
    IntByReference requestSize = new IntByReference();
    if (!PipeIo.INSTANCE.ReadFile(pipe, request, (int) request.size(), requestSize, readOv.getPointer())) {
      int error = Native.getLastError();
      if (error == WinError.ERROR_BROKEN_PIPE) {
        return null;
      }
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("request read failed: " + error);
      }
      HANDLE[] waitOn = {readOv.hEvent, stop};
      int which = Kernel32.INSTANCE.WaitForMultipleObjects(2, waitOn, false, WinBase.INFINITE);
      if (which != WinBase.WAIT_OBJECT_0) {
        PipeIo.INSTANCE.CancelIoEx(pipe, readOv.getPointer());
        PipeIo.INSTANCE.GetOverlappedResult(pipe, readOv.getPointer(), new IntByReference(), true);
        return null;
      }
    }
    byte[] body = request.getByteArray(0, requestSize.getValue()); // expect: AsyncBytesTransferredUsed
    return body;
  }

  public void close() {
    Kernel32.INSTANCE.CloseHandle(readOv.hEvent);
  }
}
