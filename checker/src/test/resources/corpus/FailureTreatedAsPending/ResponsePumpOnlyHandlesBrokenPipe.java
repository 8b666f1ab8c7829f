package corpus.failuretreatedaspending;
// case: positive: a language-server response pump handles ERROR_BROKEN_PIPE from a FALSE ReadFile and waits on the OVERLAPPED's event for everything else; ERROR_NO_DATA, ERROR_PIPE_LISTENING or ERROR_INVALID_PARAMETER start nothing, so that wait never ends

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;
import java.util.function.Consumer;

public final class ResponsePumpOnlyHandlesBrokenPipe implements Runnable {
  private static final int BUFFER = 16 * 1024;

  private final Kernel32 k32;
  private final HANDLE serverOut;
  private final Memory buffer;
  private final OVERLAPPED ov;
  private final Consumer<byte[]> sink;

  public ResponsePumpOnlyHandlesBrokenPipe(Kernel32 k32, HANDLE serverOut, Consumer<byte[]> sink) {
    this.k32 = k32;
    this.serverOut = serverOut;
    this.sink = sink;
    buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, BUFFER);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  @Override
  public void run() {
    try {
      pump();
    } catch (IOException e) {
      sink.accept(new byte[0]);
    }
  }

  private void pump() throws IOException {
    IntByReference got = new IntByReference();
    while (true) {
      boolean ok = k32.ReadFile(serverOut, buffer, BUFFER, null, ov);
      if (!ok && k32.GetLastError() == WinError.ERROR_BROKEN_PIPE) {
        return;
      }
      if (k32.WaitForSingleObject(ov.hEvent, WinBase.INFINITE) != WinBase.WAIT_OBJECT_0) { // expect: FailureTreatedAsPending
        throw new IOException("wait failed: error " + k32.GetLastError());
      }
      if (!k32.GetOverlappedResult(serverOut, ov.getPointer(), got, false)) {
        if (k32.GetLastError() == WinError.ERROR_BROKEN_PIPE) {
          return;
        }
        throw new IOException("response read failed: error " + k32.GetLastError());
      }
      sink.accept(buffer.getByteArray(0, got.getValue()));
    }
  }

  public void dispose() {
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(buffer);
  }
}
