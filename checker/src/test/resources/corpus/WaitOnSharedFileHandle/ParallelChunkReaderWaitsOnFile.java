package corpus.waitonsharedfilehandle;
// case: positive: checksum tool issues all chunk reads at once with event-less OVERLAPPEDs, then collects each with GetOverlappedResult(bWait=TRUE), which waits on the file handle that any of the outstanding reads signals

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.zip.CRC32;

public final class ParallelChunkReaderWaitsOnFile {
  private static final int CHUNK = 4096;
  private static final int DEPTH = 4;

  private final Kernel32 k32;

  public ParallelChunkReaderWaitsOnFile(Kernel32 k32) {
    this.k32 = k32;
  }

  public long crcOfFirstChunks(String path) {
    HANDLE file =
        k32.CreateFile(
            path, WinBase.GENERIC_READ, WinBase.FILE_SHARE_READ, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    Memory[] buffers = new Memory[DEPTH];
    OVERLAPPED[] reads = new OVERLAPPED[DEPTH];
    int issued = 0;
    try {
      for (int i = 0; i < DEPTH; i++) {
        long position = (long) i * CHUNK;
        buffers[i] = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, CHUNK);
        reads[i] = new OVERLAPPED(k32);
        reads[i].Offset = (int) position;
        reads[i].OffsetHigh = (int) (position >>> 32);
        if (!k32.ReadFile(file, buffers[i], CHUNK, null, reads[i])
            && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
          break;
        }
        issued++;
      }
      CRC32 crc = new CRC32();
      int failed = 0;
      for (int i = 0; i < issued; i++) {
        IntByReference got = new IntByReference();
        if (!k32.GetOverlappedResult(file, reads[i].getPointer(), got, true)) { // expect: WaitOnSharedFileHandle
          failed++;
          continue;
        }
        crc.update(buffers[i].getByteArray(0, got.getValue()));
      }
      if (failed > 0 || issued < DEPTH) {
        throw new IllegalStateException(failed + " chunk reads failed");
      }
      return crc.getValue();
    } finally {
      k32.CloseHandle(file);
      for (Memory buffer : buffers) {
        if (buffer != null) {
          k32.LocalFree(buffer);
        }
      }
    }
  }
}
