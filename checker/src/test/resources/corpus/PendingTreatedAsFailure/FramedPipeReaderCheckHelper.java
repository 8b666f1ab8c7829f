package corpus.pendingtreatedasfailure;
// case: positive: a length-prefixed frame reader routes every Win32 result through a same-class check() helper that throws on FALSE; for the overlapped header ReadFile that turns a pending read into an exception

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;

public final class FramedPipeReaderCheckHelper implements AutoCloseable {
  private static final int HEADER = 4;
  private static final int MAX_FRAME = 64 * 1024;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory header;
  private final Memory body;
  private final OVERLAPPED ov;

  public FramedPipeReaderCheckHelper(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    header = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, HEADER);
    body = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_FRAME);
    ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
  }

  public byte[] nextFrame() throws IOException {
    IntByReference got = new IntByReference();
    check(k32.ReadFile(pipe, header, HEADER, null, ov), "read frame header"); // expect: PendingTreatedAsFailure
    check(k32.GetOverlappedResult(pipe, ov.getPointer(), got, true), "complete frame header");
    if (got.getValue() != HEADER) {
      throw new IOException("short frame header: " + got.getValue() + " bytes");
    }
    int length = header.getInt(0);
    if (length < 0 || length > MAX_FRAME) {
      throw new IOException("bad frame length " + length);
    }
    byte[] frame = new byte[length];
    int filled = 0;
    while (filled < length) {
      if (!k32.ReadFile(pipe, body, length - filled, null, ov)) {
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IOException("read frame body: error " + error);
        }
      }
      check(k32.GetOverlappedResult(pipe, ov.getPointer(), got, true), "complete frame body");
      body.read(0, frame, filled, got.getValue());
      filled += got.getValue();
    }
    return frame;
  }

  private void check(boolean ok, String what) throws IOException {
    if (!ok) {
      throw new IOException(what + ": error " + k32.GetLastError());
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.CloseHandle(ov.hEvent);
    k32.LocalFree(header);
    k32.LocalFree(body);
  }
}
