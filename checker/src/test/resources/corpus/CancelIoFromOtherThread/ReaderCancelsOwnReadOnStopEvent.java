package corpus.canceliofromotherthread;
// case: negative: the reader thread waits on its read event and a stop event; close() on the caller's thread only signals the stop event, and the reader itself calls CancelIo on the read it issued and waits for the aborted completion before leaving

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.function.Consumer;

public final class ReaderCancelsOwnReadOnStopEvent implements AutoCloseable {
  private static final int FRAME = 64;

  private final Kernel32 k32;
  private final HANDLE link;
  private final HANDLE stopRequested;
  private final Consumer<byte[]> frames;
  private final HANDLE reader;

  public ReaderCancelsOwnReadOnStopEvent(Kernel32 k32, String pipeName, Consumer<byte[]> frames) {
    this.k32 = k32;
    this.frames = frames;
    this.link =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_READ,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.stopRequested = k32.CreateEvent(null, true, false, null);
    this.reader = k32.CreateThread("link-reader", this::readFrames);
  }

  private void readFrames() {
    HANDLE frameRead = k32.CreateEvent(null, true, false, null);
    Memory frame = k32.LocalAlloc(WinBase.LMEM_FIXED, FRAME);
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.hEvent = frameRead;
    ov.write();
    IntByReference got = new IntByReference();
    HANDLE[] objects = {frameRead, stopRequested};
    try {
      while (true) {
        if (!k32.ReadFile(link, frame, FRAME, null, ov.getPointer())
            && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
          return;
        }
        int which = k32.WaitForMultipleObjects(2, objects, false, WinBase.INFINITE);
        if (which != WinBase.WAIT_OBJECT_0) {
          k32.CancelIo(link);
          k32.GetOverlappedResult(link, ov.getPointer(), got, true);
          return;
        }
        if (!k32.GetOverlappedResult(link, ov.getPointer(), got, false)) {
          return;
        }
        frames.accept(frame.getByteArray(0, got.getValue()));
      }
    } finally {
      k32.LocalFree(frame);
      k32.CloseHandle(frameRead);
    }
  }

  @Override
  public void close() {
    k32.SetEvent(stopRequested);
    k32.WaitForSingleObject(reader, WinBase.INFINITE);
    k32.CloseHandle(reader);
    k32.CloseHandle(link);
    k32.CloseHandle(stopRequested);
  }
}
