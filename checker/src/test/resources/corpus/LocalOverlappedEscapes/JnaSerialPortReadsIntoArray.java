package corpus.localoverlappedescapes;
// case: positive: serial port opened with FILE_FLAG_OVERLAPPED and read with Kernel32.INSTANCE.ReadFile into a Java byte[]; JNA copies the array to temporary memory freed when the call returns, so the pending read lands in freed memory even though the method waits afterwards

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;

public final class JnaSerialPortReadsIntoArray implements AutoCloseable {
  interface Kernel32Ext extends Kernel32 {
    Kernel32Ext INSTANCE = Native.load("kernel32", Kernel32Ext.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  private final HANDLE comPort;
  private final WinBase.OVERLAPPED readOverlapped = new WinBase.OVERLAPPED();

  public JnaSerialPortReadsIntoArray(String portName) throws IOException {
    comPort =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + portName,
            WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            0,
            null,
            WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED,
            null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(comPort)) {
      throw new IOException("cannot open " + portName + ": " + Kernel32.INSTANCE.GetLastError());
    }
    readOverlapped.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  public int read(byte[] buffer, int timeoutMillis) throws IOException {
    Kernel32.INSTANCE.ResetEvent(readOverlapped.hEvent);
    IntByReference read = new IntByReference();
    if (Kernel32.INSTANCE.ReadFile(comPort, buffer, buffer.length, read, readOverlapped)) { // expect: LocalOverlappedEscapes
      return read.getValue();
    }
    int error = Kernel32.INSTANCE.GetLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      throw new IOException("ReadFile failed: " + error);
    }
    int wait = Kernel32.INSTANCE.WaitForSingleObject(readOverlapped.hEvent, timeoutMillis);
    if (wait != WinBase.WAIT_OBJECT_0) {
      Kernel32Ext.INSTANCE.CancelIoEx(comPort, readOverlapped.getPointer());
    }
    if (!Kernel32Ext.INSTANCE.GetOverlappedResult(comPort, readOverlapped.getPointer(), read, true)) {
      int failure = Kernel32.INSTANCE.GetLastError();
      if (failure == WinError.ERROR_OPERATION_ABORTED) {
        return 0;
      }
      throw new IOException("read failed: " + failure);
    }
    return read.getValue();
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(readOverlapped.hEvent);
    Kernel32.INSTANCE.CloseHandle(comPort);
  }
}
