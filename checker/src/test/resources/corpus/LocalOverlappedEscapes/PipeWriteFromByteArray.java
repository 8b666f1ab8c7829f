package corpus.localoverlappedescapes;
// case: positive: status publisher writes a byte[] to an overlapped named pipe with the runtime's JNA-shaped WriteFile; the array is marshalled into temporary memory freed when WriteFile returns, so a pending write reads freed memory although the method then waits

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

public final class PipeWriteFromByteArray implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE pipe;
  private final OVERLAPPED ov;

  public PipeWriteFromByteArray(Kernel32 k32, String name) {
    this.k32 = k32;
    pipe =
        k32.CreateNamedPipe(
            name,
            WinBase.PIPE_ACCESS_OUTBOUND | WinBase.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_WAIT,
            1, 4096, 4096, 0, null);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public void awaitSubscriber() {
    if (!k32.ConnectNamedPipe(pipe, ov)) {
      int error = k32.GetLastError();
      if (error == WinError.ERROR_IO_PENDING) {
        k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE);
      } else if (error != WinError.ERROR_PIPE_CONNECTED) {
        throw new IllegalStateException("ConnectNamedPipe failed: error " + error);
      }
    }
  }

  public void publish(String status) {
    byte[] line = (status + "\n").getBytes(StandardCharsets.UTF_8);
    k32.ResetEvent(ov.hEvent);
    if (!k32.WriteFile(pipe, line, line.length, null, ov)) { // expect: LocalOverlappedEscapes
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("publish failed: error " + error);
      }
      IntByReference written = new IntByReference();
      if (!k32.GetOverlappedResult(pipe, ov.getPointer(), written, true)) {
        throw new IllegalStateException("publish failed: error " + k32.GetLastError());
      }
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.CloseHandle(ov.hEvent);
  }
}
