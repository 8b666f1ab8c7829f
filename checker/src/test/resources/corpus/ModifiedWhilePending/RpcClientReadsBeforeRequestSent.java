package corpus.modifiedwhilepending;
// case: positive: pipe RPC client writes the request and posts the ReadFile for the reply with the same OVERLAPPED before the write has completed; when the WriteFile went pending the read reuses an OVERLAPPED the write still owns

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class RpcClientReadsBeforeRequestSent {
  private static final int MAX_MESSAGE = 1024;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory request;
  private final Memory reply;
  private final OVERLAPPED ov;

  public RpcClientReadsBeforeRequestSent(Kernel32 k32, String pipeName) {
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
    this.request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_MESSAGE);
    this.reply = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_MESSAGE);
    this.ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  /** Sends one request frame and returns the server's reply frame. */
  public byte[] call(byte[] frame) {
    if (frame.length > MAX_MESSAGE) {
      throw new IllegalArgumentException("request too large");
    }
    request.write(0, frame, 0, frame.length);
    if (!k32.WriteFile(pipe, request, frame.length, null, ov.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("request write failed: error " + error);
      }
    }
    if (!k32.ReadFile(pipe, reply, MAX_MESSAGE, null, ov.getPointer())) { // expect: ModifiedWhilePending
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("reply read failed: error " + error);
      }
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, ov.getPointer(), got, true)) {
      throw new IllegalStateException("reply read failed: error " + k32.GetLastError());
    }
    return reply.getByteArray(0, got.getValue());
  }
}
