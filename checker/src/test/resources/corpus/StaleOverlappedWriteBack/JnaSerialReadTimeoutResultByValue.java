package corpus.staleoverlappedwriteback;
// case: positive: serial reader with its own Kernel32 sub-interface declares GetOverlappedResult with a WinBase.OVERLAPPED parameter; after the event wait (and CancelIoEx on timeout) it passes the Structure, so JNA first writes back Internal = STATUS_PENDING and InternalHigh = 0 and the byte count comes back 0

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;

public final class JnaSerialReadTimeoutResultByValue implements AutoCloseable {
  interface SerialKernel32 extends Kernel32 {
    SerialKernel32 INSTANCE =
        Native.load("kernel32", SerialKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, WinBase.OVERLAPPED lpOverlapped);

    boolean GetOverlappedResult(HANDLE hFile, WinBase.OVERLAPPED lpOverlapped,
        IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final SerialKernel32 k32 = SerialKernel32.INSTANCE;
  private final HANDLE port;
  private final Memory buffer = new Memory(1024);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaSerialReadTimeoutResultByValue(String comPort) {
    port =
        k32.CreateFile(
            "\\\\.\\" + comPort, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public synchronized byte[] read(int timeoutMillis) {
    if (!k32.ReadFile(port, buffer, (int) buffer.size(), null, ov)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("ReadFile failed: " + error);
      }
      if (k32.WaitForSingleObject(ov.hEvent, timeoutMillis) == WinError.WAIT_TIMEOUT) {
        k32.CancelIoEx(port, ov.getPointer());
      }
    }
    IntByReference count = new IntByReference();
    if (!k32.GetOverlappedResult(port, ov, count, true)) { // expect: StaleOverlappedWriteBack
      int error = k32.GetLastError();
      if (error == WinError.ERROR_OPERATION_ABORTED) {
        return new byte[0];
      }
      throw new IllegalStateException("read failed: " + error);
    }
    return buffer.getByteArray(0, count.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(ov.hEvent);
    k32.CloseHandle(port);
  }
}
