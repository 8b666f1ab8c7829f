package corpus.localoverlappedescapes;
// case: negative: an InputStream over an overlapped process pipe whose read(byte[], int, int) takes a Java array but never hands it to native code; ReadFile goes into a field Memory and the array is filled only after the read has completed

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
import java.io.IOException;
import java.io.InputStream;

public final class JnaPipeInputStreamReadMethod extends InputStream {
  interface ProcessPipes extends StdCallLibrary {
    ProcessPipes INSTANCE = Native.load("kernel32", ProcessPipes.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private final HANDLE stdoutPipe;
  private final Memory buffer = new Memory(8192);
  private final WinBase.OVERLAPPED overlapped = new WinBase.OVERLAPPED();
  private boolean eof;

  public JnaPipeInputStreamReadMethod(HANDLE stdoutPipe) {
    this.stdoutPipe = stdoutPipe;
    overlapped.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    overlapped.write();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (eof) {
      return -1;
    }
    int want = (int) Math.min(len, buffer.size());
    IntByReference got = new IntByReference();
    Kernel32.INSTANCE.ResetEvent(overlapped.hEvent);
    if (!ProcessPipes.INSTANCE.ReadFile(stdoutPipe, buffer, want, got, overlapped.getPointer())) {
      int error = Native.getLastError();
      if (error == WinError.ERROR_BROKEN_PIPE) {
        eof = true;
        return -1;
      }
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IOException("pipe read failed: " + error);
      }
      if (!ProcessPipes.INSTANCE.GetOverlappedResult(stdoutPipe, overlapped.getPointer(), got, true)) {
        if (Native.getLastError() == WinError.ERROR_BROKEN_PIPE) {
          eof = true;
          return -1;
        }
        throw new IOException("pipe read failed: " + Native.getLastError());
      }
    }
    buffer.read(0, b, off, got.getValue());
    return got.getValue();
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(stdoutPipe);
    Kernel32.INSTANCE.CloseHandle(overlapped.hEvent);
  }
}
