package corpus.staleoverlappedwriteback;
// case: negative: archive index reader opens the file without FILE_FLAG_OVERLAPPED and uses an OVERLAPPED only to carry the read position; ReadFile returns after the read is done and JNA reads the final fields back, so passing the Structure to GetOverlappedResult afterwards writes back the kernel's own values

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;
import java.io.IOException;

public final class JnaSyncHandlePositionedReadResultByValue implements AutoCloseable {
  interface ArchiveKernel32 extends Kernel32 {
    ArchiveKernel32 INSTANCE =
        Native.load("kernel32", ArchiveKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, WinBase.OVERLAPPED lpOverlapped);

    boolean GetOverlappedResult(HANDLE hFile, WinBase.OVERLAPPED lpOverlapped,
        IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private final HANDLE archive;

  public JnaSyncHandlePositionedReadResultByValue(String path) throws IOException {
    archive =
        ArchiveKernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_ATTRIBUTE_NORMAL | WinNT.FILE_FLAG_RANDOM_ACCESS, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(archive)) {
      throw new IOException("cannot open " + path + ": " + Native.getLastError());
    }
  }

  public byte[] entry(long offset, int length) throws IOException {
    Memory data = new Memory(length);
    WinBase.OVERLAPPED at = new WinBase.OVERLAPPED();
    at.Offset = (int) offset;
    at.OffsetHigh = (int) (offset >>> 32);
    if (!ArchiveKernel32.INSTANCE.ReadFile(archive, data, length, null, at)) {
      throw new IOException("read at " + offset + " failed: " + Native.getLastError());
    }
    IntByReference got = new IntByReference();
    if (!ArchiveKernel32.INSTANCE.GetOverlappedResult(archive, at, got, false)) {
      throw new IOException("read at " + offset + " failed: " + Native.getLastError());
    }
    return data.getByteArray(0, got.getValue());
  }

  @Override
  public void close() {
    ArchiveKernel32.INSTANCE.CloseHandle(archive);
  }
}
