package corpus.missingoverlappedoffset;
// case: positive: file copier advances the destination OVERLAPPED's offset after each chunk but never sets one on the source OVERLAPPED, so with an overlapped source handle every read returns the first chunk again

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

public final class JnaCopierReadOffsetNeverSet {
  interface Kernel32Ext extends Kernel32 {
    Kernel32Ext INSTANCE = Native.load("kernel32", Kernel32Ext.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private static final int CHUNK = 256 * 1024;

  public long copy(String from, String to, long length) throws IOException {
    Kernel32Ext k32 = Kernel32Ext.INSTANCE;
    HANDLE source =
        k32.CreateFile(
            from, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    HANDLE target =
        k32.CreateFile(
            to, WinNT.GENERIC_WRITE, 0, null, WinNT.CREATE_ALWAYS, WinNT.FILE_FLAG_OVERLAPPED, null);
    Memory buffer = new Memory(CHUNK);
    WinBase.OVERLAPPED readOv = new WinBase.OVERLAPPED();
    readOv.hEvent = k32.CreateEvent(null, true, false, null);
    WinBase.OVERLAPPED writeOv = new WinBase.OVERLAPPED();
    writeOv.hEvent = k32.CreateEvent(null, true, false, null);
    long position = 0;
    try {
      while (position < length) {
        k32.ResetEvent(readOv.hEvent);
        readOv.write();
        if (!k32.ReadFile(source, buffer, CHUNK, null, readOv.getPointer()) // expect: MissingOverlappedOffset
            && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
          throw new IOException("read failed: " + k32.GetLastError());
        }
        IntByReference got = new IntByReference();
        if (!k32.GetOverlappedResult(source, readOv.getPointer(), got, true) || got.getValue() == 0) {
          break;
        }

        writeOv.Offset = (int) position;
        writeOv.OffsetHigh = (int) (position >>> 32);
        writeOv.write();
        k32.ResetEvent(writeOv.hEvent);
        if (!k32.WriteFile(target, buffer, got.getValue(), null, writeOv.getPointer())
            && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
          throw new IOException("write failed: " + k32.GetLastError());
        }
        IntByReference put = new IntByReference();
        if (!k32.GetOverlappedResult(target, writeOv.getPointer(), put, true)) {
          throw new IOException("write failed: " + k32.GetLastError());
        }
        position += put.getValue();
      }
      return position;
    } finally {
      k32.CloseHandle(readOv.hEvent);
      k32.CloseHandle(writeOv.hEvent);
      k32.CloseHandle(source);
      k32.CloseHandle(target);
    }
  }
}
