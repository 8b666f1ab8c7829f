package corpus.asyncbytestransferredused;
// case: negative: firmware updater (JNA direct mapping) passes null for lpNumberOfBytesWritten and checks each chunk with the count from GetOverlappedResult, kept in a variable named bytesWritten; nothing reads WriteFile's out-parameter

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;

public final class DirectMappedNullCountResultCount {
  static {
    Native.register("kernel32");
  }

  static native boolean WriteFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
      IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  static native HANDLE CreateEventW(Pointer lpEventAttributes, boolean bManualReset, boolean bInitialState, Pointer lpName);

  private static final int CHUNK = 64;

  private final HANDLE bootloader;
  private final Memory chunk = new Memory(CHUNK);
  private final Memory overlapped = new Memory(32);
  private final HANDLE chunkDone;

  public DirectMappedNullCountResultCount(HANDLE overlappedBootloaderPipe) {
    this.bootloader = overlappedBootloaderPipe;
    this.chunkDone = CreateEventW(null, true, false, null);
  }

  public void flash(byte[] image) throws IOException {
    IntByReference bytesWritten = new IntByReference();
    for (int start = 0; start < image.length; start += CHUNK) {
      int n = Math.min(CHUNK, image.length - start);
      chunk.write(0, image, start, n);
      overlapped.clear();
      overlapped.setPointer(24, chunkDone.getPointer());
      if (!WriteFile(bootloader, chunk, n, null, overlapped)) {
        int error = Native.getLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IOException("chunk at " + start + " failed: " + error);
        }
      }
      if (!GetOverlappedResult(bootloader, overlapped, bytesWritten, true)) {
        throw new IOException("chunk at " + start + " failed: " + Native.getLastError());
      }
      if (bytesWritten.getValue() != n) {
        throw new IOException("bootloader took " + bytesWritten.getValue() + " of " + n + " bytes");
      }
    }
  }
}
