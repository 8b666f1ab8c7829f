package corpus.nulloverlappedonasynchandle;
// case: positive: pty input side created as an outbound named pipe with FILE_FLAG_OVERLAPPED in the constructor (handle kept in a field); keystrokes go out through a private helper whose WriteFile passes a null OVERLAPPED

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
import java.nio.charset.StandardCharsets;

public final class JnaConptyInputHelperNullOverlapped {
  interface PtyKernel32 extends Kernel32 {
    PtyKernel32 INSTANCE = Native.load("kernel32", PtyKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean ConnectNamedPipe(HANDLE h, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private static final int CHUNK = 4096;

  private final HANDLE input;
  private final Memory staging = new Memory(CHUNK);

  public JnaConptyInputHelperNullOverlapped(String pipeName) throws IOException {
    input =
        PtyKernel32.INSTANCE.CreateNamedPipe(
            pipeName, WinBase.PIPE_ACCESS_OUTBOUND | WinNT.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_WAIT, 1, CHUNK, CHUNK, 0, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(input)) {
      throw new IOException("cannot create " + pipeName + ": " + Native.getLastError());
    }
  }

  public void awaitChild() throws IOException {
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.hEvent = PtyKernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
    try {
      if (!PtyKernel32.INSTANCE.ConnectNamedPipe(input, ov.getPointer())) {
        int error = Native.getLastError();
        if (error == WinError.ERROR_IO_PENDING) {
          if (!PtyKernel32.INSTANCE.GetOverlappedResult(input, ov.getPointer(), new IntByReference(), true)) {
            throw new IOException("child never connected: " + Native.getLastError());
          }
        } else if (error != WinError.ERROR_PIPE_CONNECTED) {
          throw new IOException("connect failed: " + error);
        }
      }
    } finally {
      PtyKernel32.INSTANCE.CloseHandle(ov.hEvent);
    }
  }

  public synchronized void type(String keys) throws IOException {
    byte[] bytes = keys.getBytes(StandardCharsets.UTF_8);
    for (int from = 0; from < bytes.length; from += CHUNK) {
      int length = Math.min(CHUNK, bytes.length - from);
      staging.write(0, bytes, from, length);
      writeChunk(length);
    }
  }

  private void writeChunk(int length) throws IOException {
    IntByReference written = new IntByReference();
    if (!PtyKernel32.INSTANCE.WriteFile(input, staging, length, written, null)) { // expect: NullOverlappedOnAsyncHandle
      throw new IOException("pty write failed: " + Native.getLastError());
    }
  }
}
