package corpus.pendingtreatedasfailure;
// case: positive: a pty output reader on an overlapped pipe throws as soon as ReadFile returns FALSE, so every read that merely went pending (the usual case when the child has not written yet) ends the session with "error 997"

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import java.io.IOException;
import java.io.InputStream;

public final class PtyOutputReaderThrowsOnFalseRead extends InputStream {
  private static final int CHUNK = 1024;

  private final Kernel32 k32;
  private final HANDLE conout;
  private final Memory chunk;
  private final OVERLAPPED readOv;
  private boolean eof;

  public PtyOutputReaderThrowsOnFalseRead(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    conout =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    chunk = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, CHUNK);
    readOv = new OVERLAPPED(k32);
    readOv.hEvent = k32.CreateEvent(null, true, false, null);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    if (eof) {
      return -1;
    }
    int want = Math.min(len, CHUNK);
    if (!k32.ReadFile(conout, chunk, want, null, readOv)) { // expect: PendingTreatedAsFailure
      throw new IOException("pty read failed: error " + k32.GetLastError());
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(conout, readOv.getPointer(), got, true)) {
      throw new IOException("pty read failed: error " + k32.GetLastError());
    }
    if (got.getValue() == 0) {
      eof = true;
      return -1;
    }
    chunk.read(0, dst, off, got.getValue());
    return got.getValue();
  }

  @Override
  public void close() {
    k32.CloseHandle(conout);
    k32.CloseHandle(readOv.hEvent);
    k32.LocalFree(chunk);
  }
}
