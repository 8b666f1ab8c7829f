package corpus.asyncbytestransferredused;
// case: positive: serial InputStream declares ReadFile with an int[] byte count and, after waiting on the OVERLAPPED's event for a read that went pending, returns count[0]; kernel32 only stores that count when ReadFile completes synchronously, so pending reads report 0 bytes

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;
import java.io.InputStream;

public final class JnaComPortReadCountArray extends InputStream {
  interface SerialIo extends StdCallLibrary {
    SerialIo INSTANCE = Native.load("kernel32", SerialIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead, int[] lpNumberOfBytesRead,
        Pointer lpOverlapped);
  }

  private final HANDLE port;
  private final Memory rx = new Memory(1024);
  private final WinBase.OVERLAPPED overlapped = new WinBase.OVERLAPPED();

  public JnaComPortReadCountArray(String comName) throws IOException {
    port =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + comName, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(port)) {
      throw new IOException("cannot open " + comName + ": " + Kernel32.INSTANCE.GetLastError());
    }
    overlapped.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    overlapped.write();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == 1 ? one[0] & 0xFF : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int want = (int) Math.min(len, rx.size());
    int[] count = new int[1];
    if (!SerialIo.INSTANCE.ReadFile(port, rx, want, count, overlapped.getPointer())) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IOException("serial read failed: " + error);
      }
      if (Kernel32.INSTANCE.WaitForSingleObject(overlapped.hEvent, WinBase.INFINITE)
          != WinBase.WAIT_OBJECT_0) {
        throw new IOException("serial wait failed: " + Native.getLastError());
      }
    }
    int n = count[0]; // expect: AsyncBytesTransferredUsed
    rx.read(0, b, off, n);
    return n;
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(port);
    Kernel32.INSTANCE.CloseHandle(overlapped.hEvent);
  }
}
