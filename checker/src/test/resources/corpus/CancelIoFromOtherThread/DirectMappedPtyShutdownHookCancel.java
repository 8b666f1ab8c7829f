package corpus.canceliofromotherthread;
// case: positive: ConPTY output drainer with JNA direct mapping reads on a daemon thread and installs a JVM shutdown hook that calls CancelIo on the output pipe; the hook runs on its own thread, so the drainer's pending read is not cancelled and the hook's join times out with the read still outstanding

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.io.OutputStream;

public final class DirectMappedPtyShutdownHookCancel {
  static {
    Native.register("kernel32");
  }

  static native HANDLE CreateFileW(
      char[] lpFileName, int dwDesiredAccess, int dwShareMode, Pointer lpSecurityAttributes,
      int dwCreationDisposition, int dwFlagsAndAttributes, HANDLE hTemplateFile);

  static native HANDLE CreateEventW(Pointer lpEventAttributes, boolean bManualReset, boolean bInitialState, char[] lpName);

  static native boolean ReadFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
      IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  static native boolean CancelIo(HANDLE hFile);

  static native boolean CloseHandle(HANDLE hObject);

  private final HANDLE output;
  private final OutputStream sink;
  private final Thread drainer;

  public DirectMappedPtyShutdownHookCancel(String outputPipe, OutputStream sink) {
    this.sink = sink;
    this.output =
        CreateFileW(
            (outputPipe + "\0").toCharArray(), WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    this.drainer = new Thread(this::drain, "conpty-drain");
    drainer.setDaemon(true);
    drainer.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  CancelIo(output); // expect: CancelIoFromOtherThread
                  try {
                    drainer.join(2000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "conpty-shutdown"));
  }

  private void drain() {
    Memory buffer = new Memory(4096);
    Memory overlapped = new Memory(32);
    overlapped.clear();
    overlapped.setPointer(24, CreateEventW(null, true, false, null).getPointer());
    IntByReference got = new IntByReference();
    try {
      while (true) {
        if (!ReadFile(output, buffer, 4096, null, overlapped)) {
          int error = Native.getLastError();
          if (error != WinError.ERROR_IO_PENDING) {
            return;
          }
        }
        if (!GetOverlappedResult(output, overlapped, got, true)) {
          return;
        }
        sink.write(buffer.getByteArray(0, got.getValue()));
      }
    } catch (IOException e) {
      return;
    } finally {
      CloseHandle(new HANDLE(overlapped.getPointer(24)));
    }
  }
}
