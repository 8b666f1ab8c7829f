package corpus.missingoverlappedoffset;
// case: negative: segmented downloader writes each received range at its own 64-bit position, splitting it into Offset and OffsetHigh for every write on the overlapped output file

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
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;

public final class JnaRangeDownloaderPositionedWrites implements AutoCloseable {
  interface Io extends StdCallLibrary {
    Io INSTANCE = Native.load("kernel32", Io.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private final HANDLE output;
  private final HANDLE written;

  public JnaRangeDownloaderPositionedWrites(String path) {
    output =
        Kernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_WRITE, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_ALWAYS,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    written = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  public synchronized void onRange(long rangeStart, byte[] data) throws IOException {
    Memory buffer = new Memory(data.length);
    buffer.write(0, data, 0, data.length);
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.Offset = (int) (rangeStart & 0xFFFFFFFFL);
    ov.OffsetHigh = (int) (rangeStart >>> 32);
    ov.hEvent = written;
    ov.write();
    Kernel32.INSTANCE.ResetEvent(written);
    if (!Io.INSTANCE.WriteFile(output, buffer, data.length, null, ov.getPointer())) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IOException("range write failed: " + error);
      }
    }
    IntByReference count = new IntByReference();
    if (!Io.INSTANCE.GetOverlappedResult(output, ov.getPointer(), count, true)) {
      throw new IOException("range write failed: " + Native.getLastError());
    }
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(output);
    Kernel32.INSTANCE.CloseHandle(written);
  }
}
