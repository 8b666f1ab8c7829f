package io.github.overlapcheck.samples.buggy;

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

/** Reads what a serial device has sent, waiting up to a timeout for the first bytes to arrive. */
public final class StaleOverlappedWriteBackSample implements AutoCloseable {
  private static final int BUFFER_SIZE = 256;

  private final Kernel32 k32;
  private final HANDLE port;
  private final HANDLE readDone;
  private final Memory buffer;

  public StaleOverlappedWriteBackSample(Kernel32 k32, String portName) {
    this.k32 = k32;
    this.port =
        k32.CreateFile(
            portName,
            WinBase.GENERIC_READ | WinBase.GENERIC_WRITE,
            0,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.readDone = k32.CreateEvent(null, true, false, null);
    this.buffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, BUFFER_SIZE);
  }

  /** Returns the bytes received, none if nothing arrived within the timeout. */
  public byte[] read(int timeoutMillis) {
    OVERLAPPED overlapped = new OVERLAPPED(k32);
    overlapped.hEvent = readDone;
    if (!k32.ReadFile(port, buffer, BUFFER_SIZE, null, overlapped)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("ReadFile failed: error " + error);
      }
    }
    if (k32.WaitForSingleObject(readDone, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
      k32.CancelIoEx(port, overlapped.getPointer());
    }
    IntByReference received = new IntByReference();
    k32.GetOverlappedResult(port, overlapped, received, true);
    return buffer.getByteArray(0, received.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(port);
    k32.CloseHandle(readDone);
    k32.LocalFree(buffer);
  }
}
