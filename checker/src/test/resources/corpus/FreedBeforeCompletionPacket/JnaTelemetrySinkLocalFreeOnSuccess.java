package corpus.freedbeforecompletionpacket;
// case: positive: JNA telemetry sink whose pipe is bound to a completion port; when WriteFile returns TRUE it LocalFrees the request, but the completion thread receives a packet for the same OVERLAPPED and frees it again

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.nio.charset.StandardCharsets;

public final class JnaTelemetrySinkLocalFreeOnSuccess implements AutoCloseable {
  interface PipeIo extends StdCallLibrary {
    PipeIo INSTANCE = Native.load("kernel32", PipeIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);
  }

  private static final int OVERLAPPED_SIZE = new WinBase.OVERLAPPED().size();

  private final HANDLE pipe;
  private final HANDLE port;
  private final Thread completions;

  public JnaTelemetrySinkLocalFreeOnSuccess(String pipeName) {
    pipe =
        Kernel32.INSTANCE.CreateFile(
            pipeName,
            WinNT.GENERIC_WRITE,
            0,
            null,
            WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED,
            null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(pipe)) {
      throw new IllegalStateException("cannot open " + pipeName + ": " + Native.getLastError());
    }
    port = Kernel32.INSTANCE.CreateIoCompletionPort(pipe, null, Pointer.createConstant(1), 1);
    completions = new Thread(this::completionLoop, "telemetry-completions");
    completions.setDaemon(true);
    completions.start();
  }

  public void publish(String metric, double value) {
    byte[] line = (metric + "=" + value + "\n").getBytes(StandardCharsets.US_ASCII);
    Pointer request = Kernel32.INSTANCE.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED_SIZE + line.length);
    request.write(OVERLAPPED_SIZE, line, 0, line.length);

    if (PipeIo.INSTANCE.WriteFile(pipe, request.share(OVERLAPPED_SIZE), line.length, null, request)) {
      Kernel32.INSTANCE.LocalFree(request); // expect: FreedBeforeCompletionPacket
      return;
    }
    int error = Native.getLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      Kernel32.INSTANCE.LocalFree(request);
      throw new IllegalStateException("telemetry write failed: " + error);
    }
  }

  private void completionLoop() {
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (true) {
      boolean ok =
          Kernel32.INSTANCE.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE);
      Pointer request = overlapped.getValue();
      if (request == null) {
        if (!ok) {
          return;
        }
        continue;
      }
      Kernel32.INSTANCE.LocalFree(request);
    }
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(port);
    Kernel32.INSTANCE.CloseHandle(pipe);
  }
}
