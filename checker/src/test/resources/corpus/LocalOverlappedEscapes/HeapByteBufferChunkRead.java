package corpus.localoverlappedescapes;
// case: positive: asset loader reads a file opened with FILE_FLAG_OVERLAPPED into a heap ByteBuffer (ByteBuffer.wrap) through the runtime's ByteBuffer overload; the backing array is copied to temporary memory for the call only, so every pending chunk read writes into freed memory

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.ByteBuffer;

public final class HeapByteBufferChunkRead {
  private static final int CHUNK = 8192;

  private final Kernel32 k32;

  public HeapByteBufferChunkRead(Kernel32 k32) {
    this.k32 = k32;
  }

  public byte[] load(String path, int size) {
    HANDLE asset =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    HANDLE chunkDone = k32.CreateEvent(null, true, false, null);
    byte[] contents = new byte[size];
    OVERLAPPED ov = new OVERLAPPED(k32);
    try {
      long position = 0;
      while (position < size) {
        int length = (int) Math.min(CHUNK, size - position);
        ByteBuffer window = ByteBuffer.wrap(contents, (int) position, length);
        ov.Offset = (int) position;
        ov.OffsetHigh = (int) (position >>> 32);
        ov.hEvent = chunkDone;
        k32.ResetEvent(chunkDone);
        IntByReference got = new IntByReference();
        if (!k32.ReadFile(asset, window, length, null, ov)) { // expect: LocalOverlappedEscapes
          int error = k32.GetLastError();
          if (error == WinError.ERROR_HANDLE_EOF) {
            break;
          }
          if (error != WinError.ERROR_IO_PENDING) {
            throw new IllegalStateException("chunk read failed: error " + error);
          }
        }
        if (!k32.GetOverlappedResult(asset, ov.getPointer(), got, true)) {
          break;
        }
        if (got.getValue() == 0) {
          break;
        }
        position += got.getValue();
      }
      return contents;
    } finally {
      k32.CloseHandle(chunkDone);
      k32.CloseHandle(asset);
    }
  }
}
