package corpus.nulloverlappedonasynchandle;
// case: positive: journal file created with FILE_FLAG_OVERLAPPED appends records at explicit offsets, but the header is written with Kernel32.INSTANCE.WriteFile and a null OVERLAPPED; an asynchronous file has no file pointer, so that write fails with ERROR_INVALID_PARAMETER

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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

public final class JnaJournalHeaderWriteNullOverlapped implements AutoCloseable {
  interface Journal extends StdCallLibrary {
    Journal INSTANCE = Native.load("kernel32", Journal.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private static final int HEADER_SIZE = 16;
  private static final int MAGIC = 0x4A524E4C;

  private final HANDLE file;
  private final HANDLE appended;
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
  private long end = HEADER_SIZE;

  public JnaJournalHeaderWriteNullOverlapped(String path) throws IOException {
    file =
        Kernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, WinNT.FILE_SHARE_READ, null,
            WinNT.CREATE_ALWAYS, WinNT.FILE_ATTRIBUTE_NORMAL | WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(file)) {
      throw new IOException("cannot create " + path + ": " + Native.getLastError());
    }
    appended = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    byte[] header =
        ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(MAGIC).putInt(1).putLong(System.currentTimeMillis()).array();
    IntByReference written = new IntByReference();
    if (!Kernel32.INSTANCE.WriteFile(file, header, header.length, written, null)) { // expect: NullOverlappedOnAsyncHandle
      Kernel32.INSTANCE.CloseHandle(file);
      throw new IOException("header write failed: " + Native.getLastError());
    }
  }

  public synchronized void append(byte[] record) throws IOException {
    Memory data = new Memory(record.length);
    data.write(0, record, 0, record.length);
    ov.Offset = (int) end;
    ov.OffsetHigh = (int) (end >>> 32);
    ov.hEvent = appended;
    ov.write();
    if (!Journal.INSTANCE.WriteFile(file, data, record.length, null, ov.getPointer())
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IOException("append failed: " + Native.getLastError());
    }
    IntByReference done = new IntByReference();
    if (!Journal.INSTANCE.GetOverlappedResult(file, ov.getPointer(), done, true)) {
      throw new IOException("append failed: " + Native.getLastError());
    }
    end += done.getValue();
  }

  @Override
  public synchronized void close() {
    Kernel32.INSTANCE.CloseHandle(appended);
    Kernel32.INSTANCE.CloseHandle(file);
  }
}
