package corpus.failuretreatedaspending;
// case: positive: a debugger-protocol client posts a read for the reply, then writes the request and only logs a WriteFile error other than ERROR_IO_PENDING before waiting for both OVERLAPPED events with bWaitAll; the failed write never signals its event, so the wait never completes

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;
import java.util.logging.Logger;

public final class DuplexRequestWriteFailureWaitsForBoth implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("dbgproto");
  private static final int PACKET = 1024;

  private final Kernel32 k32;
  private final HANDLE channel;
  private final Memory reply;
  private final Memory request;
  private final OVERLAPPED readOv;
  private final OVERLAPPED writeOv;

  public DuplexRequestWriteFailureWaitsForBoth(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    channel =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    reply = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, PACKET);
    request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, PACKET);
    readOv = new OVERLAPPED(k32);
    readOv.hEvent = k32.CreateEvent(null, true, false, null);
    writeOv = new OVERLAPPED(k32);
    writeOv.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public byte[] call(byte[] packet) throws IOException {
    if (!k32.ReadFile(channel, reply, PACKET, null, readOv)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IOException("reply read failed: error " + k32.GetLastError());
    }
    int length = Math.min(packet.length, PACKET);
    request.write(0, packet, 0, length);
    if (!k32.WriteFile(channel, request, length, null, writeOv)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        LOG.warning("request write returned error " + error);
      }
    }
    int wait =
        k32.WaitForMultipleObjects( // expect: FailureTreatedAsPending
            2, new HANDLE[] {readOv.hEvent, writeOv.hEvent}, true, WinBase.INFINITE);
    if (wait != WinBase.WAIT_OBJECT_0) {
      throw new IOException("wait failed: error " + k32.GetLastError());
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(channel, readOv.getPointer(), got, false)) {
      throw new IOException("reply read failed: error " + k32.GetLastError());
    }
    return reply.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(channel);
    k32.CloseHandle(readOv.hEvent);
    k32.CloseHandle(writeOv.hEvent);
    k32.LocalFree(reply);
    k32.LocalFree(request);
  }
}
