package corpus.missingoverlappedoffset;
// case: negative: metrics client opens the \\.\pipe\ endpoint with FILE_FLAG_OVERLAPPED and streams samples through one OVERLAPPED without offsets; a pipe has no file position

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
import java.nio.charset.StandardCharsets;

public final class JnaNamedPipeClientWritesNoOffsets implements AutoCloseable {
  interface Io extends StdCallLibrary {
    Io INSTANCE = Native.load("kernel32", Io.class);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private final HANDLE pipe;
  private final Memory sample = new Memory(512);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaNamedPipeClientWritesNoOffsets() {
    pipe =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\pipe\\metrics-collector", WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(pipe)) {
      throw new IllegalStateException("collector not running: " + Native.getLastError());
    }
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  public void send(String name, long value) {
    byte[] bytes = (name + ":" + value + "|c\n").getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, (int) sample.size());
    sample.write(0, bytes, 0, length);
    Kernel32.INSTANCE.ResetEvent(ov.hEvent);
    if (!Io.INSTANCE.WriteFile(pipe, sample, length, null, ov.getPointer())
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("metrics write failed: " + Native.getLastError());
    }
    if (!Io.INSTANCE.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true)) {
      throw new IllegalStateException("metrics write failed: " + Native.getLastError());
    }
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(pipe);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
