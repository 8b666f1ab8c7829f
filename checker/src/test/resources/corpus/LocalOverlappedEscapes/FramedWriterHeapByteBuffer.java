package corpus.localoverlappedescapes;
// case: positive: length-prefixed frame writer builds each frame in a heap ByteBuffer (ByteBuffer.allocate) and passes it to WriteFile on an overlapped pipe; a heap buffer is copied to temporary native memory for the call only, so a write that goes pending reads freed memory even though the method then waits for it

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

public final class FramedWriterHeapByteBuffer implements AutoCloseable {
  private static final int MAX_PAYLOAD = 64 * 1024;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final OVERLAPPED ov;

  public FramedWriterHeapByteBuffer(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(pipe)) {
      throw new IllegalStateException("cannot open " + pipeName + ": error " + k32.GetLastError());
    }
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public void writeFrame(int type, byte[] payload) {
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("frame too large: " + payload.length);
    }
    ByteBuffer frame = ByteBuffer.allocate(8 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
    frame.putInt(payload.length).putInt(type).put(payload).flip();
    int length = frame.remaining();
    k32.ResetEvent(ov.hEvent);
    if (!k32.WriteFile(pipe, frame, length, null, ov)) { // expect: LocalOverlappedEscapes
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("frame write failed: error " + error);
      }
    }
    IntByReference written = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, ov.getPointer(), written, true)) {
      throw new IllegalStateException("frame write failed: error " + k32.GetLastError());
    }
    if (written.getValue() != length) {
      throw new IllegalStateException("short frame write: " + written.getValue() + " of " + length);
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.CloseHandle(ov.hEvent);
  }
}
