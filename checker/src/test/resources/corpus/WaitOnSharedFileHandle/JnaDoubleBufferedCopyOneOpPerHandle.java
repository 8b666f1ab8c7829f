package corpus.waitonsharedfilehandle;
// case: negative: double-buffered copier keeps one read in flight on the source and one write in flight on the target at the same time, both with event-less OVERLAPPEDs, and collects each with GetOverlappedResult(bWait=TRUE) on its own handle; each of the two handles has a single outstanding operation, so its signal is unambiguous

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
import java.io.IOException;

public final class JnaDoubleBufferedCopyOneOpPerHandle {
  interface CopyKernel32 extends Kernel32 {
    CopyKernel32 INSTANCE = Native.load("kernel32", CopyKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);

    boolean CancelIoEx(HANDLE h, Pointer overlapped);
  }

  private static final int CHUNK = 1 << 20;
  private static final CopyKernel32 K32 = CopyKernel32.INSTANCE;

  public long copy(String from, String to) throws IOException {
    HANDLE source =
        K32.CreateFile(
            from, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED | WinNT.FILE_FLAG_SEQUENTIAL_SCAN, null);
    HANDLE target =
        K32.CreateFile(
            to, WinNT.GENERIC_WRITE, 0, null, WinNT.CREATE_ALWAYS, WinNT.FILE_FLAG_OVERLAPPED, null);
    Memory[] buffers = {new Memory(CHUNK), new Memory(CHUNK)};
    WinBase.OVERLAPPED readOv = new WinBase.OVERLAPPED();
    WinBase.OVERLAPPED writeOv = new WinBase.OVERLAPPED();
    boolean reading = false;
    boolean writing = false;
    long readPosition = 0;
    long writePosition = 0;
    int current = 0;
    try {
      reading = startRead(source, buffers[current], readOv, readPosition);
      while (reading) {
        int got = finish(source, readOv, true);
        reading = false;
        if (writing) {
          finish(target, writeOv, false);
          writing = false;
        }
        if (got == 0) {
          break;
        }
        readPosition += got;
        writeOv.Offset = (int) writePosition;
        writeOv.OffsetHigh = (int) (writePosition >>> 32);
        writeOv.write();
        if (!K32.WriteFile(target, buffers[current], got, null, writeOv.getPointer())
            && K32.GetLastError() != WinError.ERROR_IO_PENDING) {
          throw new IOException("write failed: " + K32.GetLastError());
        }
        writing = true;
        writePosition += got;
        current ^= 1;
        reading = startRead(source, buffers[current], readOv, readPosition);
      }
      if (writing) {
        finish(target, writeOv, false);
        writing = false;
      }
      return writePosition;
    } finally {
      if (reading) {
        K32.CancelIoEx(source, readOv.getPointer());
        K32.GetOverlappedResult(source, readOv.getPointer(), new IntByReference(), true);
      }
      if (writing) {
        K32.CancelIoEx(target, writeOv.getPointer());
        K32.GetOverlappedResult(target, writeOv.getPointer(), new IntByReference(), true);
      }
      K32.CloseHandle(source);
      K32.CloseHandle(target);
    }
  }

  private static boolean startRead(HANDLE file, Memory buffer, WinBase.OVERLAPPED ov, long position)
      throws IOException {
    ov.Offset = (int) position;
    ov.OffsetHigh = (int) (position >>> 32);
    ov.write();
    if (!K32.ReadFile(file, buffer, CHUNK, null, ov.getPointer())) {
      int error = K32.GetLastError();
      if (error == WinError.ERROR_HANDLE_EOF) {
        return false;
      }
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IOException("read failed: " + error);
      }
    }
    return true;
  }

  private static int finish(HANDLE file, WinBase.OVERLAPPED ov, boolean eofIsEnd) throws IOException {
    IntByReference transferred = new IntByReference();
    if (!K32.GetOverlappedResult(file, ov.getPointer(), transferred, true)) {
      int error = K32.GetLastError();
      if (eofIsEnd && error == WinError.ERROR_HANDLE_EOF) {
        return 0;
      }
      throw new IOException("transfer failed: " + error);
    }
    return transferred.getValue();
  }
}
