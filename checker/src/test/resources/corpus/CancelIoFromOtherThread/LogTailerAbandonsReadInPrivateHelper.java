package corpus.canceliofromotherthread;
// case: negative: service log tailer; close() only raises a flag and joins, while the tail thread polls the flag between timed waits and calls its private abandonRead() helper, which does CancelIo and waits for the aborted read, on the thread that issued that read

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

public final class LogTailerAbandonsReadInPrivateHelper implements AutoCloseable {
  private static final int POLL_MILLIS = 200;

  private final Kernel32 k32;
  private final HANDLE logPipe;
  private final Memory text;
  private final OVERLAPPED textOv;
  private final IntByReference got = new IntByReference();
  private final Consumer<String> output;
  private final HANDLE tailThread;
  private volatile boolean closeRequested;

  public LogTailerAbandonsReadInPrivateHelper(Kernel32 k32, String pipeName, Consumer<String> output) {
    this.k32 = k32;
    this.output = output;
    this.logPipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    this.text = k32.LocalAlloc(WinBase.LMEM_FIXED, 1024);
    this.textOv = new OVERLAPPED(k32);
    textOv.hEvent = k32.CreateEvent(null, true, false, null);
    textOv.write();
    this.tailThread = k32.CreateThread("log-tail", this::tail);
  }

  private void tail() {
    while (true) {
      if (!k32.ReadFile(logPipe, text, 1024, null, textOv.getPointer())
          && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
        return;
      }
      while (k32.WaitForSingleObject(textOv.hEvent, POLL_MILLIS) == WinBase.WAIT_TIMEOUT) {
        if (closeRequested) {
          abandonRead();
          return;
        }
      }
      if (!k32.GetOverlappedResult(logPipe, textOv.getPointer(), got, false)) {
        return;
      }
      output.accept(new String(text.getByteArray(0, got.getValue()), StandardCharsets.UTF_8));
    }
  }

  private void abandonRead() {
    k32.CancelIo(logPipe);
    k32.GetOverlappedResult(logPipe, textOv.getPointer(), got, true);
  }

  @Override
  public void close() {
    closeRequested = true;
    k32.WaitForSingleObject(tailThread, WinBase.INFINITE);
    k32.CloseHandle(tailThread);
    k32.CloseHandle(logPipe);
    k32.CloseHandle(textOv.hEvent);
    k32.LocalFree(text);
  }
}
