package corpus.staleoverlappedwriteback;
// case: negative: spooler keeps a WinBase.OVERLAPPED in a field, writes it explicitly before each write and turns auto-write off, so passing the Structure to GetOverlappedResult only reads the result back into the Java fields and never clobbers the kernel's status

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;

public final class JnaAutoWriteOffResultByValue implements AutoCloseable {
  interface Spool extends StdCallLibrary {
    Spool INSTANCE = Native.load("kernel32", Spool.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, WinBase.OVERLAPPED overlapped, IntByReference transferred, boolean wait);
  }

  private final HANDLE printer;
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
  private final Memory page = new Memory(16 * 1024);

  public JnaAutoWriteOffResultByValue(String pipeName) throws IOException {
    printer =
        Kernel32.INSTANCE.CreateFile(
            pipeName, WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(printer)) {
      throw new IOException("spooler pipe unavailable: " + Native.getLastError());
    }
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.setAutoWrite(false);
  }

  public synchronized void sendPage(byte[] data) throws IOException {
    int length = Math.min(data.length, (int) page.size());
    page.write(0, data, 0, length);
    ov.write();
    if (!Spool.INSTANCE.WriteFile(printer, page, length, null, ov.getPointer())
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IOException("page write failed: " + Native.getLastError());
    }
    IntByReference written = new IntByReference();
    if (!Spool.INSTANCE.GetOverlappedResult(printer, ov, written, true)) {
      throw new IOException("page write failed: " + Native.getLastError());
    }
    if (written.getValue() != length) {
      throw new IOException("short page write: " + written.getValue());
    }
  }

  @Override
  public synchronized void close() {
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
    Kernel32.INSTANCE.CloseHandle(printer);
  }
}
