package corpus.pendingtreatedasfailure;
// case: positive: a child-process stdout pump classifies the error of a FALSE overlapped ReadFile with a switch that knows ERROR_BROKEN_PIPE (child exited) and ERROR_OPERATION_ABORTED but sends everything else, ERROR_IO_PENDING included, to the failure branch

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

public final class ChildProcessStdoutSwitchWithoutPending {
  private static final int BUFFER = 4096;

  private final Kernel32 k32;
  private final HANDLE stdoutPipe;
  private final Memory buffer;
  private final OVERLAPPED ov;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  public ChildProcessStdoutSwitchWithoutPending(Kernel32 k32, String stdoutPipeName) {
    this.k32 = k32;
    stdoutPipe =
        k32.CreateFile(
            stdoutPipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, BUFFER);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public byte[] drain() {
    IntByReference got = new IntByReference();
    while (true) {
      if (!k32.ReadFile(stdoutPipe, buffer, BUFFER, null, ov)) { // expect: PendingTreatedAsFailure
        int error = k32.GetLastError();
        switch (error) {
          case WinError.ERROR_BROKEN_PIPE:
          case WinError.ERROR_OPERATION_ABORTED:
            return captured.toByteArray();
          default:
            throw new UncheckedIOException(
                new IOException("stdout read failed: error " + error));
        }
      }
      if (!k32.GetOverlappedResult(stdoutPipe, ov.getPointer(), got, true)) {
        if (k32.GetLastError() == WinError.ERROR_BROKEN_PIPE) {
          return captured.toByteArray();
        }
        throw new UncheckedIOException(
            new IOException("stdout read failed: error " + k32.GetLastError()));
      }
      captured.write(buffer.getByteArray(0, got.getValue()), 0, got.getValue());
    }
  }

  public void close() {
    k32.CloseHandle(stdoutPipe);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(buffer);
  }
}
