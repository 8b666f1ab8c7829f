package corpus.waitonsharedfilehandle;
// case: negative: a read and a write are outstanding on the same duplex pipe, each OVERLAPPED has its own event, and the code waits with WaitForMultipleObjects on the two events rather than on the pipe handle

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class TwoOpsWaitOnEvents implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory in;
  private final Memory out;
  private final OVERLAPPED readOv;
  private final OVERLAPPED writeOv;

  public TwoOpsWaitOnEvents(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    in = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 256);
    out = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 256);
    readOv = new OVERLAPPED(k32);
    readOv.hEvent = k32.CreateEvent(null, true, false, null);
    writeOv = new OVERLAPPED(k32);
    writeOv.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public byte[] ping(byte[] probe) {
    k32.ResetEvent(readOv.hEvent);
    k32.ResetEvent(writeOv.hEvent);
    if (!k32.ReadFile(pipe, in, 256, null, readOv)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("read failed: error " + k32.GetLastError());
    }
    out.write(0, probe, 0, probe.length);
    if (!k32.WriteFile(pipe, out, probe.length, null, writeOv)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      k32.CancelIoEx(pipe, readOv.getPointer());
      k32.GetOverlappedResult(pipe, readOv.getPointer(), new IntByReference(), true);
      throw new IllegalStateException("write failed: error " + k32.GetLastError());
    }
    int wait =
        k32.WaitForMultipleObjects(
            2, new HANDLE[] {readOv.hEvent, writeOv.hEvent}, true, WinBase.INFINITE);
    if (wait != WinBase.WAIT_OBJECT_0) {
      throw new IllegalStateException("wait failed: error " + k32.GetLastError());
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, readOv.getPointer(), got, false)) {
      throw new IllegalStateException("read failed: error " + k32.GetLastError());
    }
    return in.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.CloseHandle(readOv.hEvent);
    k32.CloseHandle(writeOv.hEvent);
    k32.LocalFree(in);
    k32.LocalFree(out);
  }
}
