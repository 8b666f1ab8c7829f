package corpus.failuretreatedaspending;
// case: negative: a pty input writer funnels the result of every overlapped WriteFile through a same-class helper that throws unless the call returned TRUE or failed with ERROR_IO_PENDING, so GetOverlappedResult(bWait TRUE) is reached only for a started write

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
import java.io.IOException;
import java.io.OutputStream;

public final class JnaRequirePendingHelperThenWait extends OutputStream {
  interface PtyKernel32 extends Kernel32 {
    PtyKernel32 INSTANCE =
        Native.load("kernel32", PtyKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private static final int CHUNK = 4096;

  private final HANDLE conin;
  private final Memory chunk = new Memory(CHUNK);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaRequirePendingHelperThenWait(String pipeName) {
    conin =
        PtyKernel32.INSTANCE.CreateFile(
            pipeName, WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    ov.hEvent = PtyKernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  private static void requireStarted(boolean ok, String what) throws IOException {
    if (!ok) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IOException(what + " failed: error " + error);
      }
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] src, int off, int len) throws IOException {
    IntByReference written = new IntByReference();
    while (len > 0) {
      int n = Math.min(len, CHUNK);
      chunk.write(0, src, off, n);
      requireStarted(
          PtyKernel32.INSTANCE.WriteFile(conin, chunk, n, null, ov.getPointer()), "pty write");
      if (!PtyKernel32.INSTANCE.GetOverlappedResult(conin, ov.getPointer(), written, true)) {
        throw new IOException("pty write failed: error " + Native.getLastError());
      }
      off += written.getValue();
      len -= written.getValue();
    }
  }

  @Override
  public void close() {
    PtyKernel32.INSTANCE.CloseHandle(conin);
    PtyKernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
