package corpus.skippedcompletionunhandled;
// case: negative: a shared open helper sets FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | FILE_SKIP_SET_EVENT_ON_HANDLE on every handle, but this reader never binds its pipe to a completion port; it waits on the OVERLAPPED's own event, and a TRUE ReadFile simply falls through to GetOverlappedResult, so nothing is left to a port handler

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

public final class JnaSkipFlagsWithoutPortEventReader implements AutoCloseable {
  interface FastIo extends Kernel32 {
    FastIo INSTANCE = Native.load("kernel32", FastIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean SetFileCompletionNotificationModes(HANDLE FileHandle, byte Flags);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  static final byte FAST_FLAGS = 0x1 | 0x2;

  static HANDLE openFast(String path, int access) throws IOException {
    HANDLE h =
        FastIo.INSTANCE.CreateFile(path, access, 0, null, WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(h)) {
      throw new IOException("open " + path + ": " + Native.getLastError());
    }
    FastIo.INSTANCE.SetFileCompletionNotificationModes(h, FAST_FLAGS);
    return h;
  }

  private final HANDLE pipe;
  private final Memory buffer = new Memory(4096);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaSkipFlagsWithoutPortEventReader(String pipeName) throws IOException {
    pipe = openFast(pipeName, WinNT.GENERIC_READ);
    ov.hEvent = FastIo.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  /** Reads what the peer sends next; returns an empty array at end of stream. */
  public byte[] read() throws IOException {
    FastIo k32 = FastIo.INSTANCE;
    if (!k32.ReadFile(pipe, buffer, (int) buffer.size(), null, ov.getPointer())) {
      int error = k32.GetLastError();
      if (error == WinError.ERROR_BROKEN_PIPE) {
        return new byte[0];
      }
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IOException("read: " + error);
      }
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, ov.getPointer(), got, true)) {
      int error = k32.GetLastError();
      if (error == WinError.ERROR_BROKEN_PIPE) {
        return new byte[0];
      }
      throw new IOException("read: " + error);
    }
    return buffer.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    FastIo.INSTANCE.CloseHandle(pipe);
    FastIo.INSTANCE.CloseHandle(ov.hEvent);
  }
}
