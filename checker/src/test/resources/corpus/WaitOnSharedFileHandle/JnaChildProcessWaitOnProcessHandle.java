package corpus.waitonsharedfilehandle;
// case: negative: process runner reads the child's output from an overlapped named pipe, one read at a time on its own event, and waits on {read event, process handle}; neither handle is the pipe

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

public final class JnaChildProcessWaitOnProcessHandle {
  interface PipeIo extends StdCallLibrary {
    PipeIo INSTANCE = Native.load("kernel32", PipeIo.class);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private static final AtomicInteger SERIAL = new AtomicInteger();

  private final Memory chunk = new Memory(4096);
  private final WinBase.OVERLAPPED readOv = new WinBase.OVERLAPPED();

  public JnaChildProcessWaitOnProcessHandle() {
    readOv.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  public String run(String commandLine) {
    Kernel32 k32 = Kernel32.INSTANCE;
    String pipeName =
        "\\\\.\\pipe\\runner-" + ProcessHandle.current().pid() + "-" + SERIAL.incrementAndGet();
    HANDLE server =
        k32.CreateNamedPipe(
            pipeName, WinBase.PIPE_ACCESS_INBOUND | WinNT.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_WAIT, 1, 4096, 4096, 0, null);
    WinBase.SECURITY_ATTRIBUTES inherit = new WinBase.SECURITY_ATTRIBUTES();
    inherit.dwLength = new WinDef.DWORD(inherit.size());
    inherit.bInheritHandle = true;
    HANDLE client =
        k32.CreateFile(
            pipeName, WinNT.GENERIC_WRITE, 0, inherit, WinNT.OPEN_EXISTING,
            WinNT.FILE_ATTRIBUTE_NORMAL, null);

    WinBase.STARTUPINFO startup = new WinBase.STARTUPINFO();
    startup.dwFlags = WinBase.STARTF_USESTDHANDLES;
    startup.hStdOutput = client;
    startup.hStdError = client;
    WinBase.PROCESS_INFORMATION process = new WinBase.PROCESS_INFORMATION();
    boolean started =
        k32.CreateProcess(
            null, commandLine, null, null, true, new WinDef.DWORD(WinBase.CREATE_NO_WINDOW),
            null, null, startup, process);
    k32.CloseHandle(client);
    if (!started) {
      k32.CloseHandle(server);
      throw new IllegalStateException("CreateProcess failed: " + k32.GetLastError());
    }

    StringBuilder output = new StringBuilder();
    try {
      while (true) {
        k32.ResetEvent(readOv.hEvent);
        readOv.write();
        IntByReference got = new IntByReference();
        if (!PipeIo.INSTANCE.ReadFile(server, chunk, 4096, null, readOv.getPointer())) {
          int error = Native.getLastError();
          if (error == WinError.ERROR_BROKEN_PIPE) {
            break;
          }
          if (error != WinError.ERROR_IO_PENDING) {
            throw new IllegalStateException("output read failed: " + error);
          }
          k32.WaitForMultipleObjects(
              2, new HANDLE[] {readOv.hEvent, process.hProcess}, false, WinBase.INFINITE);
        }
        if (!PipeIo.INSTANCE.GetOverlappedResult(server, readOv.getPointer(), got, true)) {
          break;
        }
        output.append(new String(chunk.getByteArray(0, got.getValue()), StandardCharsets.UTF_8));
      }
      k32.WaitForSingleObject(process.hProcess, WinBase.INFINITE);
      return output.toString();
    } finally {
      k32.CloseHandle(process.hThread);
      k32.CloseHandle(process.hProcess);
      k32.CloseHandle(server);
    }
  }
}
