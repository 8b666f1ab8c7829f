package corpus.waitonsharedfilehandle;
// case: negative: file hasher keeps only one read outstanding at a time and collects it with GetOverlappedResult(bWait=TRUE) on an event-less OVERLAPPED; waiting on the file handle is sound with a single operation

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

public final class JnaSequentialChunksWaitOnHandle {
  interface Kernel32Ov extends Kernel32 {
    Kernel32Ov INSTANCE = Native.load("kernel32", Kernel32Ov.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private static final int CHUNK = 1 << 20;

  public byte[] sha256(String path) throws NoSuchAlgorithmException {
    Kernel32Ov k32 = Kernel32Ov.INSTANCE;
    HANDLE file =
        k32.CreateFile(
            path, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED | WinNT.FILE_FLAG_SEQUENTIAL_SCAN, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(file)) {
      throw new IllegalStateException("open failed: " + k32.GetLastError());
    }
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    Memory chunk = new Memory(CHUNK);
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    long position = 0;
    try {
      while (true) {
        ov.Offset = (int) position;
        ov.OffsetHigh = (int) (position >>> 32);
        ov.write();
        IntByReference got = new IntByReference();
        if (!k32.ReadFile(file, chunk, CHUNK, null, ov.getPointer())) {
          int error = k32.GetLastError();
          if (error == WinError.ERROR_HANDLE_EOF) {
            break;
          }
          if (error != WinError.ERROR_IO_PENDING) {
            throw new IllegalStateException("read failed: " + error);
          }
        }
        if (!k32.GetOverlappedResult(file, ov.getPointer(), got, true)) {
          if (k32.GetLastError() == WinError.ERROR_HANDLE_EOF) {
            break;
          }
          throw new IllegalStateException("read failed: " + k32.GetLastError());
        }
        if (got.getValue() == 0) {
          break;
        }
        digest.update(chunk.getByteArray(0, got.getValue()));
        position += got.getValue();
      }
      return digest.digest();
    } finally {
      k32.CloseHandle(file);
    }
  }
}
