package corpus.freedbeforecompletionpacket;
// case: positive: a copier binds source and destination to one port but sets FILE_SKIP_COMPLETION_PORT_ON_SUCCESS only on the source; freeing the write request when WriteFile on the destination returns TRUE races with the destination's packet

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.PointerByReference;
import io.github.overlapcheck.runtime.ULONG_PTRByReference;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class CopierSkipModeOnSourceOnly implements AutoCloseable {
  private static final int CHUNK = 4096;
  private static final long SOURCE_KEY = 1;
  private static final long TARGET_KEY = 2;

  private final Kernel32 k32;
  private final HANDLE source;
  private final HANDLE target;
  private final HANDLE port;
  private int outstanding;

  public CopierSkipModeOnSourceOnly(Kernel32 k32, String from, String to) {
    this.k32 = k32;
    this.source =
        k32.CreateFile(
            from,
            WinBase.GENERIC_READ,
            WinBase.FILE_SHARE_READ,
            null,
            WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED,
            null);
    this.target =
        k32.CreateFile(
            to, WinBase.GENERIC_WRITE, 0, null, WinBase.CREATE_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    this.port = k32.CreateIoCompletionPort(source, null, SOURCE_KEY, 1);
    k32.CreateIoCompletionPort(target, port, TARGET_KEY, 1);
    k32.SetFileCompletionNotificationModes(source, WinBase.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
  }

  public void copy() {
    long position = 0;
    Memory readRequest = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + CHUNK);
    while (true) {
      OVERLAPPED readOv = new OVERLAPPED(readRequest);
      readOv.Offset = (int) position;
      readOv.OffsetHigh = (int) (position >>> 32);
      readOv.write();
      IntByReference got = new IntByReference();
      int count;
      if (k32.ReadFile(source, readRequest.share(OVERLAPPED.SIZE), CHUNK, got, readRequest)) {
        count = got.getValue();
      } else if (k32.GetLastError() == WinError.ERROR_IO_PENDING) {
        count = awaitRead(readRequest);
      } else {
        break;
      }
      if (count == 0) {
        break;
      }
      writeChunk(readRequest.share(OVERLAPPED.SIZE), count, position);
      position += count;
    }
    k32.LocalFree(readRequest);
    while (outstanding > 0) {
      reapOne();
    }
  }

  private void writeChunk(Pointer data, int count, long position) {
    Memory writeRequest = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED.SIZE + count);
    writeRequest.write(OVERLAPPED.SIZE, data.getByteArray(0, count), 0, count);
    OVERLAPPED writeOv = new OVERLAPPED(writeRequest);
    writeOv.Offset = (int) position;
    writeOv.OffsetHigh = (int) (position >>> 32);
    writeOv.write();
    if (k32.WriteFile(target, writeRequest.share(OVERLAPPED.SIZE), count, null, writeRequest)) {
      k32.LocalFree(writeRequest); // expect: FreedBeforeCompletionPacket
      return;
    }
    if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      k32.LocalFree(writeRequest);
      throw new IllegalStateException("write failed at " + position);
    }
    outstanding++;
  }

  private int awaitRead(Memory readRequest) {
    while (true) {
      IntByReference bytes = new IntByReference();
      ULONG_PTRByReference key = new ULONG_PTRByReference();
      PointerByReference ov = new PointerByReference();
      boolean ok = k32.GetQueuedCompletionStatus(port, bytes, key, ov, WinBase.INFINITE);
      if (key.getValue() == SOURCE_KEY && readRequest.equals(ov.getValue())) {
        return ok ? bytes.getValue() : 0;
      }
      if (key.getValue() == TARGET_KEY && ov.getValue() != null) {
        k32.LocalFree(ov.getValue());
        outstanding--;
      }
    }
  }

  private void reapOne() {
    IntByReference bytes = new IntByReference();
    ULONG_PTRByReference key = new ULONG_PTRByReference();
    PointerByReference ov = new PointerByReference();
    k32.GetQueuedCompletionStatus(port, bytes, key, ov, WinBase.INFINITE);
    if (key.getValue() == TARGET_KEY && ov.getValue() != null) {
      k32.LocalFree(ov.getValue());
      outstanding--;
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(source);
    k32.CloseHandle(target);
    k32.CloseHandle(port);
  }
}
