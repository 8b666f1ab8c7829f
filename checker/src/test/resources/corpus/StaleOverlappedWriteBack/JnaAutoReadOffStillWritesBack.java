package corpus.staleoverlappedwriteback;
// case: positive: scanner driver subclasses WinBase.OVERLAPPED and turns off only auto-read, expecting that to stop JNA touching the structure; auto-write is still on, so passing it to GetOverlappedResult after the read went pending writes the stale Java fields over the kernel's status

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

public final class JnaAutoReadOffStillWritesBack implements AutoCloseable {
  interface ScanIo extends StdCallLibrary {
    ScanIo INSTANCE = Native.load("kernel32", ScanIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, WinBase.OVERLAPPED overlapped);

    boolean GetOverlappedResult(HANDLE h, WinBase.OVERLAPPED overlapped, IntByReference transferred, boolean wait);
  }

  static final class ScanOverlapped extends WinBase.OVERLAPPED {
    ScanOverlapped(HANDLE event) {
      hEvent = event;
      write();
      setAutoRead(false);
    }
  }

  private final HANDLE scanner;
  private final Memory image = new Memory(64 * 1024);
  private final ScanOverlapped ov;

  public JnaAutoReadOffStillWritesBack(String devicePath) throws IOException {
    scanner =
        Kernel32.INSTANCE.CreateFile(
            devicePath, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(scanner)) {
      throw new IOException("scanner not found: " + Native.getLastError());
    }
    ov = new ScanOverlapped(Kernel32.INSTANCE.CreateEvent(null, true, false, null));
  }

  public byte[] scanStrip() throws IOException {
    if (!ScanIo.INSTANCE.ReadFile(scanner, image, (int) image.size(), null, ov)
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IOException("scan failed: " + Native.getLastError());
    }
    IntByReference got = new IntByReference();
    if (!ScanIo.INSTANCE.GetOverlappedResult(scanner, ov, got, true)) { // expect: StaleOverlappedWriteBack
      throw new IOException("scan failed: " + Native.getLastError());
    }
    return image.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
    Kernel32.INSTANCE.CloseHandle(scanner);
  }
}
