package corpus.releasedwhilepending;
// case: negative: duplex channel can have a read and a write outstanding; close() runs a drain helper that cancels each outstanding operation with CancelIoEx and waits for it with GetOverlappedResult(bWait=TRUE), then closes the pipe and frees the buffers

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class DuplexChannelCloseDrainsViaHelper implements AutoCloseable {
  private static final int SIZE = 1024;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory in;
  private final Memory out;
  private final OVERLAPPED readOv;
  private final OVERLAPPED writeOv;
  private boolean reading;
  private boolean writing;

  public DuplexChannelCloseDrainsViaHelper(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    this.pipe =
        k32.CreateFile(
            pipeName,
            WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.in = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, SIZE);
    this.out = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, SIZE);
    this.readOv = newOverlapped();
    this.writeOv = newOverlapped();
  }

  private OVERLAPPED newOverlapped() {
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
    return ov;
  }

  public void startRead() {
    if (reading) {
      return;
    }
    if (!k32.ReadFile(pipe, in, SIZE, null, readOv.getPointer())
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("read failed: error " + k32.GetLastError());
    }
    reading = true;
  }

  public void startWrite(byte[] data) {
    if (writing) {
      k32.GetOverlappedResult(pipe, writeOv.getPointer(), new IntByReference(), true);
      writing = false;
    }
    int n = Math.min(data.length, SIZE);
    out.write(0, data, 0, n);
    if (!k32.WriteFile(pipe, out, n, null, writeOv.getPointer())
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("write failed: error " + k32.GetLastError());
    }
    writing = true;
  }

  /** Waits for the posted read and returns its bytes. */
  public byte[] finishRead() {
    IntByReference got = new IntByReference();
    boolean ok = k32.GetOverlappedResult(pipe, readOv.getPointer(), got, true);
    reading = false;
    if (!ok) {
      throw new IllegalStateException("read failed: error " + k32.GetLastError());
    }
    return in.getByteArray(0, got.getValue());
  }

  private void drain(OVERLAPPED ov) {
    k32.CancelIoEx(pipe, ov.getPointer());
    k32.GetOverlappedResult(pipe, ov.getPointer(), new IntByReference(), true);
  }

  @Override
  public void close() {
    if (reading) {
      drain(readOv);
      reading = false;
    }
    if (writing) {
      drain(writeOv);
      writing = false;
    }
    k32.CloseHandle(pipe);
    k32.CloseHandle(readOv.hEvent);
    k32.CloseHandle(writeOv.hEvent);
    k32.LocalFree(in);
    k32.LocalFree(out);
  }
}
