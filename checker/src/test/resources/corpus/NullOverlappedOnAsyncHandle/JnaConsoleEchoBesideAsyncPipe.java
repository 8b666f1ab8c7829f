package corpus.nulloverlappedonasynchandle;
// case: negative: debug bridge relays an overlapped named pipe to the console; the pipe is always read with an OVERLAPPED, and the null-OVERLAPPED Kernel32.INSTANCE.WriteFile goes to CONOUT$, opened without FILE_FLAG_OVERLAPPED

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

public final class JnaConsoleEchoBesideAsyncPipe implements AutoCloseable {
  interface PipeIo extends StdCallLibrary {
    PipeIo INSTANCE = Native.load("kernel32", PipeIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private final HANDLE pipe;
  private final HANDLE console;
  private final Memory chunk = new Memory(2048);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaConsoleEchoBesideAsyncPipe(String pipeName) {
    pipe =
        Kernel32.INSTANCE.CreateFile(
            pipeName, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    console =
        Kernel32.INSTANCE.CreateFile(
            "CONOUT$", WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, WinNT.FILE_SHARE_WRITE, null,
            WinNT.OPEN_EXISTING, 0, null);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  /** Copies the pipe to the console until the other side disconnects. */
  public void relay() {
    IntByReference got = new IntByReference();
    IntByReference shown = new IntByReference();
    while (true) {
      if (!PipeIo.INSTANCE.ReadFile(pipe, chunk, (int) chunk.size(), null, ov.getPointer())
          && Native.getLastError() != WinError.ERROR_IO_PENDING) {
        return;
      }
      if (!PipeIo.INSTANCE.GetOverlappedResult(pipe, ov.getPointer(), got, true)) {
        return;
      }
      byte[] text = chunk.getByteArray(0, got.getValue());
      Kernel32.INSTANCE.WriteFile(console, text, text.length, shown, null);
    }
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(console);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
    Kernel32.INSTANCE.CloseHandle(pipe);
  }
}
