package corpus.localoverlappedescapes;
// case: negative: the async file reader creates its Memory buffer and WinBase.OVERLAPPED as locals but returns them inside a PendingRead object that is also registered in a set until complete() or close() has waited for the read, so both stay reachable for as long as the read can be pending

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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

public final class JnaLocalsReturnedInPendingRead implements AutoCloseable {
  interface FileIo extends StdCallLibrary {
    FileIo INSTANCE = Native.load("kernel32", FileIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    boolean CancelIoEx(HANDLE hFile, Pointer lpOverlapped);
  }

  public final class PendingRead {
    private final WinBase.OVERLAPPED ov;
    private final Memory buffer;

    private PendingRead(WinBase.OVERLAPPED ov, Memory buffer) {
      this.ov = ov;
      this.buffer = buffer;
    }

    public byte[] complete() {
      IntByReference got = new IntByReference();
      boolean ok = FileIo.INSTANCE.GetOverlappedResult(file, ov.getPointer(), got, true);
      int error = Native.getLastError();
      Kernel32.INSTANCE.CloseHandle(ov.hEvent);
      outstanding.remove(this);
      if (!ok) {
        if (error == WinError.ERROR_HANDLE_EOF) {
          return new byte[0];
        }
        throw new IllegalStateException("read failed: " + error);
      }
      return buffer.getByteArray(0, got.getValue());
    }

    private void abandon() {
      FileIo.INSTANCE.CancelIoEx(file, ov.getPointer());
      FileIo.INSTANCE.GetOverlappedResult(file, ov.getPointer(), new IntByReference(), true);
      Kernel32.INSTANCE.CloseHandle(ov.hEvent);
      outstanding.remove(this);
    }
  }

  private final HANDLE file;
  private final Set<PendingRead> outstanding = ConcurrentHashMap.newKeySet();

  public JnaLocalsReturnedInPendingRead(String path) {
    file =
        Kernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED | WinNT.FILE_FLAG_RANDOM_ACCESS, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(file)) {
      throw new IllegalStateException("cannot open " + path + ": " + Native.getLastError());
    }
  }

  public PendingRead submit(long position, int length) {
    Memory buffer = new Memory(length);
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.Offset = (int) position;
    ov.OffsetHigh = (int) (position >>> 32);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
    if (!FileIo.INSTANCE.ReadFile(file, buffer, length, null, ov.getPointer())) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        Kernel32.INSTANCE.CloseHandle(ov.hEvent);
        throw new IllegalStateException("read failed: " + error);
      }
    }
    PendingRead read = new PendingRead(ov, buffer);
    outstanding.add(read);
    return read;
  }

  @Override
  public void close() {
    for (PendingRead read : List.copyOf(outstanding)) {
      read.abandon();
    }
    Kernel32.INSTANCE.CloseHandle(file);
  }
}
