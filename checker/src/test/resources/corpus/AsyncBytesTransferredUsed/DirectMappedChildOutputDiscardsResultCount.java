package corpus.asyncbytestransferredused;
// case: positive: process launcher (JNA direct mapping) drains a child's overlapped stdout pipe; for reads that went pending it calls GetOverlappedResult only for the status, throwing its count away, and appends count.getValue() from ReadFile's out-parameter, so pending chunks are dropped

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

public final class DirectMappedChildOutputDiscardsResultCount {
  static {
    Native.register("kernel32");
  }

  static native boolean ReadFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead, IntByReference lpNumberOfBytesRead,
      Pointer lpOverlapped);

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  static native HANDLE CreateEventW(Pointer lpEventAttributes, boolean bManualReset, boolean bInitialState, Pointer lpName);

  static native boolean CloseHandle(HANDLE hObject);

  private static final int CHUNK = 4096;

  private final HANDLE stdoutPipe;
  private final Memory chunk = new Memory(CHUNK);
  private final Memory overlapped = new Memory(32);
  private final HANDLE readDone;

  public DirectMappedChildOutputDiscardsResultCount(HANDLE overlappedStdoutPipe) {
    this.stdoutPipe = overlappedStdoutPipe;
    this.readDone = CreateEventW(null, true, false, null);
  }

  public byte[] readAll() throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    IntByReference count = new IntByReference();
    while (true) {
      overlapped.clear();
      overlapped.setPointer(24, readDone.getPointer());
      if (!ReadFile(stdoutPipe, chunk, CHUNK, count, overlapped)) {
        int error = Native.getLastError();
        if (error == WinError.ERROR_BROKEN_PIPE) {
          break;
        }
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IOException("stdout read failed: " + error);
        }
        if (!GetOverlappedResult(stdoutPipe, overlapped, new IntByReference(), true)) {
          if (Native.getLastError() == WinError.ERROR_BROKEN_PIPE) {
            break;
          }
          throw new IOException("stdout read failed: " + Native.getLastError());
        }
      }
      output.write(chunk.getByteArray(0, count.getValue()), 0, count.getValue()); // expect: AsyncBytesTransferredUsed
    }
    return output.toByteArray();
  }

  public void close() {
    CloseHandle(stdoutPipe);
    CloseHandle(readDone);
  }
}
