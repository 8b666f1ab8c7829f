package corpus.missingoverlappedoffset;
// case: negative: a settings blob reader tracks its position in an int (the format caps files at 1 MiB), so assigning Offset alone and leaving OffsetHigh at zero loses nothing; the position is advanced after each read

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.io.ByteArrayOutputStream;

public final class JnaIntPositionNoOffsetHigh {
  interface BlobIo extends StdCallLibrary {
    BlobIo INSTANCE = Native.load("kernel32", BlobIo.class);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private static final int MAX_BLOB = 1 << 20;
  private static final int CHUNK = 16 * 1024;

  public byte[] load(String path) {
    HANDLE blob =
        Kernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    Memory chunk = new Memory(CHUNK);
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int position = 0;
    try {
      while (position < MAX_BLOB) {
        ov.Offset = position;
        ov.write();
        Kernel32.INSTANCE.ResetEvent(ov.hEvent);
        if (!BlobIo.INSTANCE.ReadFile(blob, chunk, CHUNK, null, ov.getPointer())) {
          int error = Native.getLastError();
          if (error == WinError.ERROR_HANDLE_EOF) {
            break;
          }
          if (error != WinError.ERROR_IO_PENDING) {
            throw new IllegalStateException("blob read failed: " + error);
          }
        }
        IntByReference got = new IntByReference();
        if (!BlobIo.INSTANCE.GetOverlappedResult(blob, ov.getPointer(), got, true)
            || got.getValue() == 0) {
          break;
        }
        out.write(chunk.getByteArray(0, got.getValue()), 0, got.getValue());
        position += got.getValue();
      }
      return out.toByteArray();
    } finally {
      Kernel32.INSTANCE.CloseHandle(ov.hEvent);
      Kernel32.INSTANCE.CloseHandle(blob);
    }
  }
}
