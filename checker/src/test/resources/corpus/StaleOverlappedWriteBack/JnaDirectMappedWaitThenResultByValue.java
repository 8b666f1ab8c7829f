package corpus.staleoverlappedwriteback;
// case: positive: direct-mapped pipe writer waits on the write's event or a stop event; the stop path cancels and completes by pointer, but the normal path calls the native GetOverlappedResult declared with a WinBase.OVERLAPPED parameter, whose Java fields were last read when the write went pending

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

public final class JnaDirectMappedWaitThenResultByValue {
  static {
    Native.register("kernel32");
  }

  static native boolean WriteFile(HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
      IntByReference lpNumberOfBytesWritten, WinBase.OVERLAPPED lpOverlapped);

  static native boolean GetOverlappedResult(HANDLE hFile, WinBase.OVERLAPPED lpOverlapped,
      IntByReference lpNumberOfBytesTransferred, boolean bWait);

  static native boolean GetOverlappedResult(HANDLE hFile, Pointer lpOverlapped,
      IntByReference lpNumberOfBytesTransferred, boolean bWait);

  static native boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);

  private final HANDLE pipe;
  private final HANDLE stop;
  private final Memory out = new Memory(8192);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaDirectMappedWaitThenResultByValue(String pipeName, HANDLE stop) {
    this.pipe =
        Kernel32.INSTANCE.CreateFile(
            pipeName, WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    this.stop = stop;
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  /** Bytes written, or -1 when stopped. */
  public int send(byte[] message) {
    int length = Math.min(message.length, (int) out.size());
    out.write(0, message, 0, length);
    if (!WriteFile(pipe, out, length, null, ov)) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("WriteFile failed: " + error);
      }
    }
    HANDLE[] events = {ov.hEvent, stop};
    int which = Kernel32.INSTANCE.WaitForMultipleObjects(2, events, false, WinBase.INFINITE);
    IntByReference written = new IntByReference();
    if (which == WinBase.WAIT_OBJECT_0 + 1) {
      CancelIoEx(pipe, ov.getPointer());
      GetOverlappedResult(pipe, ov.getPointer(), written, true);
      return -1;
    }
    if (!GetOverlappedResult(pipe, ov, written, false)) { // expect: StaleOverlappedWriteBack
      throw new IllegalStateException("write failed: " + Native.getLastError());
    }
    return written.getValue();
  }
}
