package corpus.modifiedwhilepending;
// case: positive: file checksummer keeps a hand-rolled 32-byte OVERLAPPED in a Memory and stores the next chunk's Offset/OffsetHigh into it right after issuing ReadFile, before GetOverlappedResult; the read may be pending and owns that OVERLAPPED

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.io.IOException;
import java.util.zip.CRC32;

public final class JnaRawOverlappedOffsetAdvancedEarly {
  interface FileIo extends StdCallLibrary {
    FileIo INSTANCE = Native.load("kernel32", FileIo.class);

    boolean ReadFile(HANDLE file, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE file, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private static final int CHUNK = 64 * 1024;
  private static final long OVERLAPPED_SIZE = 32;
  private static final long OFFSET_FIELD = 16;
  private static final long EVENT_FIELD = 24;

  public long checksum(String path, long length) throws IOException {
    Kernel32 k32 = Kernel32.INSTANCE;
    HANDLE file =
        k32.CreateFile(
            path, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinNT.INVALID_HANDLE_VALUE.equals(file)) {
      throw new IOException("cannot open " + path + ": " + k32.GetLastError());
    }
    HANDLE done = k32.CreateEvent(null, true, false, null);
    Memory chunk = new Memory(CHUNK);
    Memory ov = new Memory(OVERLAPPED_SIZE);
    ov.clear();
    ov.setPointer(EVENT_FIELD, done.getPointer());
    CRC32 crc = new CRC32();
    try {
      long position = 0;
      ov.setLong(OFFSET_FIELD, position);
      while (position < length) {
        if (!FileIo.INSTANCE.ReadFile(file, chunk, CHUNK, null, ov)) {
          int error = Native.getLastError();
          if (error != WinError.ERROR_IO_PENDING) {
            throw new IOException("read at " + position + " failed: " + error);
          }
        }
        ov.setLong(OFFSET_FIELD, position + CHUNK); // expect: ModifiedWhilePending
        IntByReference got = new IntByReference();
        if (!FileIo.INSTANCE.GetOverlappedResult(file, ov, got, true)) {
          throw new IOException("read at " + position + " failed: " + Native.getLastError());
        }
        if (got.getValue() == 0) {
          break;
        }
        crc.update(chunk.getByteArray(0, got.getValue()));
        position += got.getValue();
      }
      return crc.getValue();
    } finally {
      k32.CloseHandle(done);
      k32.CloseHandle(file);
    }
  }
}
