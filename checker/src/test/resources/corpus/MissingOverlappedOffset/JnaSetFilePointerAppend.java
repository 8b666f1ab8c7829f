package corpus.missingoverlappedoffset;
// case: positive: audit trail appender seeks to the end with SetFilePointer before each write on a handle opened with FILE_FLAG_OVERLAPPED; the position comes from a file pointer the system does not use for overlapped I/O, so the OVERLAPPED offset (0) wins

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.nio.charset.StandardCharsets;

public final class JnaSetFilePointerAppend implements AutoCloseable {
  interface AuditKernel32 extends StdCallLibrary {
    AuditKernel32 INSTANCE = Native.load("kernel32", AuditKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    int GENERIC_WRITE = 0x40000000;
    int FILE_SHARE_READ = 0x1;
    int OPEN_ALWAYS = 4;
    int FILE_FLAG_OVERLAPPED = 0x40000000;
    int FILE_END = 2;
    int INVALID_SET_FILE_POINTER = -1;
    int ERROR_IO_PENDING = 997;

    HANDLE CreateFile(
        String lpFileName, int dwDesiredAccess, int dwShareMode,
        WinBase.SECURITY_ATTRIBUTES lpSecurityAttributes, int dwCreationDisposition,
        int dwFlagsAndAttributes, HANDLE hTemplateFile);

    int SetFilePointer(HANDLE hFile, int lDistanceToMove, Pointer lpDistanceToMoveHigh, int dwMoveMethod);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

    HANDLE CreateEvent(
        WinBase.SECURITY_ATTRIBUTES lpEventAttributes, boolean bManualReset, boolean bInitialState,
        String lpName);

    boolean CloseHandle(HANDLE hObject);
  }

  private final HANDLE trail;
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
  private final Memory line = new Memory(1024);

  public JnaSetFilePointerAppend(String path) {
    AuditKernel32 k32 = AuditKernel32.INSTANCE;
    trail =
        k32.CreateFile(
            path, AuditKernel32.GENERIC_WRITE, AuditKernel32.FILE_SHARE_READ, null,
            AuditKernel32.OPEN_ALWAYS, AuditKernel32.FILE_FLAG_OVERLAPPED, null);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  public synchronized void record(String who, String what) {
    AuditKernel32 k32 = AuditKernel32.INSTANCE;
    byte[] bytes = (who + "\t" + what + "\n").getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, (int) line.size());
    line.write(0, bytes, 0, length);
    if (k32.SetFilePointer(trail, 0, null, AuditKernel32.FILE_END) == AuditKernel32.INVALID_SET_FILE_POINTER) { // expect: MissingOverlappedOffset
      throw new IllegalStateException("seek failed: " + Native.getLastError());
    }
    if (!k32.WriteFile(trail, line, length, null, ov.getPointer())
        && Native.getLastError() != AuditKernel32.ERROR_IO_PENDING) {
      throw new IllegalStateException("audit write failed: " + Native.getLastError());
    }
    if (!k32.GetOverlappedResult(trail, ov.getPointer(), new IntByReference(), true)) {
      throw new IllegalStateException("audit write failed: " + Native.getLastError());
    }
  }

  @Override
  public void close() {
    AuditKernel32.INSTANCE.CloseHandle(trail);
    AuditKernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
