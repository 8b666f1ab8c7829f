package corpus.waitonsharedfilehandle;
// case: positive: snapshot writer issues the header and body writes back to back and then waits on {file, stop} with WaitForMultipleObjects instead of on the writes' events; the file handle is signalled by whichever write finishes first, so "done" can be reported with the other still running

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class SnapshotWriterWaitsOnFileOrStop {
  private final Kernel32 k32;
  private final HANDLE stop;
  private final OVERLAPPED headerOv;
  private final OVERLAPPED bodyOv;

  public SnapshotWriterWaitsOnFileOrStop(Kernel32 k32, HANDLE stop) {
    this.k32 = k32;
    this.stop = stop;
    this.headerOv = new OVERLAPPED(k32);
    this.headerOv.hEvent = k32.CreateEvent(null, true, false, null);
    this.bodyOv = new OVERLAPPED(k32);
    this.bodyOv.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public boolean write(String path, Memory header, int headerLength, Memory body, int bodyLength) {
    HANDLE file =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, 0, null, WinBase.CREATE_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    headerOv.Offset = 0;
    headerOv.OffsetHigh = 0;
    bodyOv.Offset = headerLength;
    bodyOv.OffsetHigh = 0;
    k32.ResetEvent(headerOv.hEvent);
    k32.ResetEvent(bodyOv.hEvent);
    start(file, header, headerLength, headerOv);
    start(file, body, bodyLength, bodyOv);

    int which = k32.WaitForMultipleObjects(2, new HANDLE[] {file, stop}, false, WinBase.INFINITE); // expect: WaitOnSharedFileHandle
    if (which != WinBase.WAIT_OBJECT_0) {
      k32.CancelIoEx(file, (OVERLAPPED) null);
      k32.GetOverlappedResult(file, headerOv.getPointer(), new IntByReference(), true);
      k32.GetOverlappedResult(file, bodyOv.getPointer(), new IntByReference(), true);
      k32.CloseHandle(file);
      return false;
    }
    k32.CloseHandle(file);
    return true;
  }

  private void start(HANDLE file, Memory data, int length, OVERLAPPED ov) {
    if (!k32.WriteFile(file, data, length, null, ov)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("snapshot write failed: error " + k32.GetLastError());
    }
  }
}
