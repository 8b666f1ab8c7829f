package corpus.modifiedwhilepending;
// case: negative: IPC client whose WriteFile fails with ERROR_NO_DATA or ERROR_BROKEN_PIPE (nothing was started) reconnects, rebuilds the frame in the same buffer and resends it with the same OVERLAPPED; a pending write is always awaited before the buffer is touched again

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

public final class JnaBrokenPipeReconnectRewrite {
  interface PipeIo extends StdCallLibrary {
    PipeIo INSTANCE = Native.load("kernel32", PipeIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean WriteFile(HANDLE file, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE file, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private static final int FRAME_MAX = 2048;
  private static final int ERROR_NO_DATA = 232;

  private final String pipeName;
  private final Memory frame = new Memory(FRAME_MAX);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
  private HANDLE pipe;

  public JnaBrokenPipeReconnectRewrite(String pipeName) {
    this.pipeName = pipeName;
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
    pipe = connect();
  }

  private HANDLE connect() {
    HANDLE h =
        Kernel32.INSTANCE.CreateFile(
            pipeName, WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(h)) {
      throw new IllegalStateException("cannot connect to " + pipeName + ": " + Native.getLastError());
    }
    return h;
  }

  /** Publishes one event; reconnects once when the server went away. */
  public void publish(int type, byte[] body) {
    if (body.length > FRAME_MAX - 8) {
      throw new IllegalArgumentException("event body too large");
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      frame.setInt(0, type);
      frame.setInt(4, body.length);
      frame.write(8, body, 0, body.length);
      int length = 8 + body.length;
      if (!PipeIo.INSTANCE.WriteFile(pipe, frame, length, null, ov.getPointer())) {
        int error = Native.getLastError();
        if (error == ERROR_NO_DATA || error == WinError.ERROR_BROKEN_PIPE) {
          Kernel32.INSTANCE.CloseHandle(pipe);
          pipe = connect();
          continue;
        }
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("publish failed: " + error);
        }
      }
      IntByReference sent = new IntByReference();
      if (!PipeIo.INSTANCE.GetOverlappedResult(pipe, ov.getPointer(), sent, true)) {
        throw new IllegalStateException("publish failed: " + Native.getLastError());
      }
      return;
    }
    throw new IllegalStateException("server keeps closing " + pipeName);
  }
}
