package corpus.pendingtreatedasfailure;
// case: negative: a direct-mapped label-printer writer turns the result of an overlapped WriteFile into an error code and returns early only when that code is neither ERROR_SUCCESS nor ERROR_IO_PENDING (spelled through W32Errors), then waits with GetOverlappedResult

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.W32Errors;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

public final class JnaDirectMappedComWriterReturnsErrorCode {
  static {
    Native.register("kernel32");
  }

  static native boolean WriteFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
      IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  private static final int MAX_LABEL = 2048;

  private final HANDLE printer;
  private final Memory staging = new Memory(MAX_LABEL);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaDirectMappedComWriterReturnsErrorCode(String port) {
    printer =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + port, WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  public int printLabel(byte[] zpl) {
    if (zpl.length > MAX_LABEL) {
      return WinError.ERROR_INVALID_PARAMETER;
    }
    staging.write(0, zpl, 0, zpl.length);
    boolean ok = WriteFile(printer, staging, zpl.length, null, ov.getPointer());
    int error = ok ? WinError.ERROR_SUCCESS : Native.getLastError();
    if (error != WinError.ERROR_SUCCESS && error != W32Errors.ERROR_IO_PENDING) {
      return error;
    }
    IntByReference written = new IntByReference();
    if (!GetOverlappedResult(printer, ov.getPointer(), written, true)) {
      return Native.getLastError();
    }
    return written.getValue() == zpl.length ? WinError.ERROR_SUCCESS : WinError.ERROR_GEN_FAILURE;
  }

  public void close() {
    Kernel32.INSTANCE.CloseHandle(printer);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
