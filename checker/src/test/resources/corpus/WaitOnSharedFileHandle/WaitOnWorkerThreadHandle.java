package corpus.waitonsharedfilehandle;
// case: negative: the flusher waits with WaitForSingleObject on the worker thread's handle, not on a file; the worker's own two writes are each awaited through their OVERLAPPED events

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class WaitOnWorkerThreadHandle {
  private final Kernel32 k32;
  private final HANDLE dataFile;
  private final HANDLE indexFile;
  private final Memory data;
  private final Memory index;
  private final OVERLAPPED dataOv;
  private final OVERLAPPED indexOv;

  public WaitOnWorkerThreadHandle(Kernel32 k32, HANDLE dataFile, HANDLE indexFile, Memory data, Memory index) {
    this.k32 = k32;
    this.dataFile = dataFile;
    this.indexFile = indexFile;
    this.data = data;
    this.index = index;
    this.dataOv = new OVERLAPPED(k32);
    this.dataOv.hEvent = k32.CreateEvent(null, true, false, null);
    this.indexOv = new OVERLAPPED(k32);
    this.indexOv.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public void flush(long dataEnd, int dataLength, long indexEnd, int indexLength) {
    HANDLE worker =
        k32.CreateThread("flusher", () -> writeBoth(dataEnd, dataLength, indexEnd, indexLength));
    if (k32.WaitForSingleObject(worker, WinBase.INFINITE) != WinBase.WAIT_OBJECT_0) {
      throw new IllegalStateException("flusher wait failed: error " + k32.GetLastError());
    }
    k32.CloseHandle(worker);
  }

  private void writeBoth(long dataEnd, int dataLength, long indexEnd, int indexLength) {
    dataOv.Offset = (int) dataEnd;
    dataOv.OffsetHigh = (int) (dataEnd >>> 32);
    indexOv.Offset = (int) indexEnd;
    indexOv.OffsetHigh = (int) (indexEnd >>> 32);
    k32.ResetEvent(dataOv.hEvent);
    k32.ResetEvent(indexOv.hEvent);
    boolean dataStarted =
        k32.WriteFile(dataFile, data, dataLength, null, dataOv)
            || k32.GetLastError() == WinError.ERROR_IO_PENDING;
    boolean indexStarted =
        k32.WriteFile(indexFile, index, indexLength, null, indexOv)
            || k32.GetLastError() == WinError.ERROR_IO_PENDING;
    IntByReference count = new IntByReference();
    if (dataStarted) {
      k32.GetOverlappedResult(dataFile, dataOv.getPointer(), count, true);
    }
    if (indexStarted) {
      k32.GetOverlappedResult(indexFile, indexOv.getPointer(), count, true);
    }
  }
}
