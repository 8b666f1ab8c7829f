package corpus.localoverlappedescapes;
// case: positive: named-pipe server polls for a request with a local WinBase.OVERLAPPED and a local Memory buffer and returns empty when the read is pending; both become unreachable and are freed by JNA while the kernel still owns them

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
import java.nio.charset.StandardCharsets;
import java.util.Optional;

public final class JnaLocalMemoryReturnsOnPending {
  interface PipeApi extends StdCallLibrary {
    PipeApi INSTANCE = Native.load("kernel32", PipeApi.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);
  }

  private static final int REQUEST_MAX = 4096;

  private final HANDLE pipe;

  public JnaLocalMemoryReturnsOnPending(String name) {
    pipe =
        Kernel32.INSTANCE.CreateNamedPipe(
            name,
            WinBase.PIPE_ACCESS_INBOUND | Kernel32.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_MESSAGE | WinBase.PIPE_READMODE_MESSAGE | WinBase.PIPE_WAIT,
            1,
            REQUEST_MAX,
            REQUEST_MAX,
            0,
            null);
  }

  public void awaitClient() {
    WinBase.OVERLAPPED connect = new WinBase.OVERLAPPED();
    connect.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    try {
      if (!Kernel32.INSTANCE.ConnectNamedPipe(pipe, connect)) {
        int error = Native.getLastError();
        if (error == WinError.ERROR_IO_PENDING) {
          Kernel32.INSTANCE.WaitForSingleObject(connect.hEvent, WinBase.INFINITE);
        } else if (error != WinError.ERROR_PIPE_CONNECTED) {
          throw new IllegalStateException("ConnectNamedPipe failed: " + error);
        }
      }
    } finally {
      Kernel32.INSTANCE.CloseHandle(connect.hEvent);
    }
  }

  public Optional<String> pollRequest() {
    Memory buffer = new Memory(REQUEST_MAX);
    WinBase.OVERLAPPED overlapped = new WinBase.OVERLAPPED();
    overlapped.write();
    IntByReference read = new IntByReference();
    if (PipeApi.INSTANCE.ReadFile(pipe, buffer, REQUEST_MAX, read, overlapped.getPointer())) { // expect: LocalOverlappedEscapes
      return Optional.of(new String(buffer.getByteArray(0, read.getValue()), StandardCharsets.UTF_8));
    }
    int error = Native.getLastError();
    if (error == WinError.ERROR_IO_PENDING) {
      return Optional.empty();
    }
    throw new IllegalStateException("pipe read failed: " + error);
  }
}
