package corpus.releasedwhilepending;
// case: negative: direct-mapped credential-helper client issues a single overlapped read with an event-less OVERLAPPED and waits for it with GetOverlappedResult(bWait=TRUE) (the only operation on the handle), then frees the LocalAlloc buffer and closes the pipe

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import java.nio.charset.StandardCharsets;

public final class JnaDirectSingleReadWaitsThenFrees {
  static {
    Native.register("kernel32");
  }

  static native HANDLE CreateFileW(
      char[] name, int access, int share, Pointer security, int disposition, int flags, HANDLE template);

  static native boolean ReadFile(HANDLE file, Pointer buffer, int length, IntByReference read, Pointer overlapped);

  static native boolean GetOverlappedResult(HANDLE file, Pointer overlapped, IntByReference transferred, boolean wait);

  static native boolean CloseHandle(HANDLE handle);

  static native Pointer LocalAlloc(int flags, int bytes);

  static native Pointer LocalFree(Pointer memory);

  private static final int LMEM_ZEROINIT = 0x40;
  private static final int SECRET_MAX = 4096;

  /** Reads the secret the helper writes to its pipe, or returns null. */
  public static String fetchSecret(String pipeName) {
    HANDLE pipe =
        CreateFileW(
            (pipeName + "\0").toCharArray(), WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(pipe)) {
      return null;
    }
    Pointer buffer = LocalAlloc(LMEM_ZEROINIT, SECRET_MAX);
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.write();
    String secret = null;
    boolean started = ReadFile(pipe, buffer, SECRET_MAX, null, ov.getPointer());
    if (started || Native.getLastError() == WinError.ERROR_IO_PENDING) {
      IntByReference got = new IntByReference();
      if (GetOverlappedResult(pipe, ov.getPointer(), got, true)) {
        secret = new String(buffer.getByteArray(0, got.getValue()), StandardCharsets.UTF_8);
      }
    }
    LocalFree(buffer);
    CloseHandle(pipe);
    return secret;
  }
}
