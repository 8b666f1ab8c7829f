package corpus.missingoverlappedoffset;
// case: positive: event log keeps its write position in a field, initialised from the file size after opening with OPEN_ALWAYS, and copies it into Offset/OffsetHigh before every write, but only the statistics counters are advanced after a write, never the position; on the overlapped handle every event is written over the previous one

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.nio.charset.StandardCharsets;

public final class JnaEventLogPositionFieldNeverAdvanced implements AutoCloseable {
  interface LogIo extends StdCallLibrary {
    LogIo INSTANCE = Native.load("kernel32", LogIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean GetFileSizeEx(HANDLE hFile, LongByReference lpFileSize);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private static final int MAX_EVENT = 2048;

  private final HANDLE log;
  private final Memory line = new Memory(MAX_EVENT);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
  private long position;
  private long eventsWritten;
  private long bytesWritten;

  public JnaEventLogPositionFieldNeverAdvanced(String path) {
    log =
        Kernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, WinNT.FILE_SHARE_READ, null,
            WinNT.OPEN_ALWAYS, WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(log)) {
      throw new IllegalStateException("cannot open " + path + ": " + Native.getLastError());
    }
    LongByReference size = new LongByReference();
    if (!LogIo.INSTANCE.GetFileSizeEx(log, size)) {
      throw new IllegalStateException("size query failed: " + Native.getLastError());
    }
    position = size.getValue();
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  public synchronized void append(String source, String message) {
    byte[] bytes = (source + ": " + message + "\r\n").getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, MAX_EVENT);
    line.write(0, bytes, 0, length);
    ov.Offset = (int) position;
    ov.OffsetHigh = (int) (position >>> 32);
    ov.write();
    Kernel32.INSTANCE.ResetEvent(ov.hEvent);
    if (!LogIo.INSTANCE.WriteFile(log, line, length, null, ov.getPointer()) // expect: MissingOverlappedOffset
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("event write failed: " + Native.getLastError());
    }
    IntByReference written = new IntByReference();
    if (!LogIo.INSTANCE.GetOverlappedResult(log, ov.getPointer(), written, true)) {
      throw new IllegalStateException("event write failed: " + Native.getLastError());
    }
    eventsWritten++;
    bytesWritten += written.getValue();
  }

  public synchronized String stats() {
    return eventsWritten + " events, " + bytesWritten + " bytes";
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(log);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
