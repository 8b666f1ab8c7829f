package corpus.waitonsharedfilehandle;
// case: positive: RPC client starts the reply read and then sends the request; it waits for the send with GetOverlappedResult(bWait=TRUE) on an OVERLAPPED without an event, i.e. on the pipe handle, which the read's completion also signals

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class DuplexPipeExchangeWaitsOnHandle implements AutoCloseable {
  private static final int MAX_REPLY = 1024;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory replyBuffer;
  private final OVERLAPPED replyOv;
  private final Memory requestBuffer;
  private final OVERLAPPED requestOv;

  public DuplexPipeExchangeWaitsOnHandle(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    replyBuffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_REPLY);
    replyOv = new OVERLAPPED(k32);
    replyOv.hEvent = k32.CreateEvent(null, true, false, null);
    requestBuffer = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_REPLY);
    requestOv = new OVERLAPPED(k32);
  }

  public byte[] call(byte[] request) {
    k32.ResetEvent(replyOv.hEvent);
    if (!k32.ReadFile(pipe, replyBuffer, MAX_REPLY, null, replyOv)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("reply read failed: error " + k32.GetLastError());
    }

    requestBuffer.write(0, request, 0, request.length);
    if (!k32.WriteFile(pipe, requestBuffer, request.length, null, requestOv)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("request write failed: error " + k32.GetLastError());
    }
    IntByReference sent = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, requestOv.getPointer(), sent, true)) { // expect: WaitOnSharedFileHandle
      throw new IllegalStateException("request write failed: error " + k32.GetLastError());
    }

    IntByReference received = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, replyOv.getPointer(), received, true)) {
      throw new IllegalStateException("reply read failed: error " + k32.GetLastError());
    }
    return replyBuffer.getByteArray(0, received.getValue());
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.CloseHandle(replyOv.hEvent);
    k32.LocalFree(replyBuffer);
    k32.LocalFree(requestBuffer);
  }
}
