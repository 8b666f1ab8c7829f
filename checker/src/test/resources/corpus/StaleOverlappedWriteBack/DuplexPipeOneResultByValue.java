package corpus.staleoverlappedwriteback;
// case: positive: duplex pipe pump keeps a read and a write outstanding with their own OVERLAPPEDs and events; the write's result is fetched by pointer, but the read's is fetched by passing the Structure, writing its pending-time Java copy over the completed status

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

public final class DuplexPipeOneResultByValue implements AutoCloseable {
  private static final int SIZE = 4096;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory inBuf;
  private final Memory outBuf;
  private final OVERLAPPED readOv;
  private final OVERLAPPED writeOv;
  private final Queue<byte[]> outbox = new ArrayDeque<>();

  public DuplexPipeOneResultByValue(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    this.inBuf = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, SIZE);
    this.outBuf = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, SIZE);
    this.readOv = new OVERLAPPED(k32);
    readOv.hEvent = k32.CreateEvent(null, true, false, null);
    this.writeOv = new OVERLAPPED(k32);
    writeOv.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public void queue(byte[] message) {
    outbox.add(message);
  }

  /** Pumps until the outbox is empty and {@code messages} reads have been delivered. */
  public void pump(int messages, Consumer<byte[]> inbox) {
    boolean reading = startRead();
    boolean writing = startWrite();
    int delivered = 0;
    while (reading || writing) {
      HANDLE[] events =
          reading && writing
              ? new HANDLE[] {readOv.hEvent, writeOv.hEvent}
              : new HANDLE[] {reading ? readOv.hEvent : writeOv.hEvent};
      int which = k32.WaitForMultipleObjects(events.length, events, false, WinBase.INFINITE);
      if (which < WinBase.WAIT_OBJECT_0 || which >= WinBase.WAIT_OBJECT_0 + events.length) {
        throw new IllegalStateException("wait failed: error " + k32.GetLastError());
      }
      IntByReference count = new IntByReference();
      if (events[which - WinBase.WAIT_OBJECT_0].equals(readOv.hEvent)) {
        reading = false;
        if (k32.GetOverlappedResult(pipe, readOv, count, false)) { // expect: StaleOverlappedWriteBack
          inbox.accept(inBuf.getByteArray(0, count.getValue()));
          reading = ++delivered < messages && startRead();
        }
      } else {
        writing = false;
        if (k32.GetOverlappedResult(pipe, writeOv.getPointer(), count, false)) {
          writing = startWrite();
        }
      }
    }
  }

  private boolean startRead() {
    return k32.ReadFile(pipe, inBuf, SIZE, null, readOv)
        || k32.GetLastError() == WinError.ERROR_IO_PENDING;
  }

  private boolean startWrite() {
    byte[] next = outbox.poll();
    if (next == null) {
      return false;
    }
    int length = Math.min(next.length, SIZE);
    outBuf.write(0, next, 0, length);
    return k32.WriteFile(pipe, outBuf, length, null, writeOv)
        || k32.GetLastError() == WinError.ERROR_IO_PENDING;
  }

  @Override
  public void close() {
    k32.CloseHandle(readOv.hEvent);
    k32.CloseHandle(writeOv.hEvent);
    k32.LocalFree(inBuf);
    k32.LocalFree(outBuf);
    k32.CloseHandle(pipe);
  }
}
