package corpus.waitonsharedfilehandle;
// case: positive: write-behind copier keeps several writes in flight on the target file with event-less OVERLAPPEDs and reaps the oldest with GetOverlappedResult(bWait=TRUE), which waits on the shared file handle

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
import java.io.IOException;
import java.io.InputStream;

public final class JnaWriteBehindCopierWaitsOnHandle {
  interface FileIo extends StdCallLibrary {
    FileIo INSTANCE = Native.load("kernel32", FileIo.class);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private static final int SLOTS = 4;
  private static final int SLOT_SIZE = 1 << 16;

  private final Memory[] slots = new Memory[SLOTS];
  private final WinBase.OVERLAPPED[] slotOv = new WinBase.OVERLAPPED[SLOTS];

  public JnaWriteBehindCopierWaitsOnHandle() {
    for (int i = 0; i < SLOTS; i++) {
      slots[i] = new Memory(SLOT_SIZE);
      slotOv[i] = new WinBase.OVERLAPPED();
    }
  }

  public long copy(InputStream in, String targetPath) throws IOException {
    HANDLE target =
        Kernel32.INSTANCE.CreateFile(
            targetPath, WinNT.GENERIC_WRITE, 0, null, WinNT.CREATE_ALWAYS,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    byte[] staging = new byte[SLOT_SIZE];
    long position = 0;
    int inFlight = 0;
    int next = 0;
    try {
      int n;
      while ((n = in.read(staging)) > 0) {
        if (inFlight == SLOTS) {
          IntByReference written = new IntByReference();
          if (!FileIo.INSTANCE.GetOverlappedResult(target, slotOv[next].getPointer(), written, true)) { // expect: WaitOnSharedFileHandle
            throw new IOException("write failed: " + Native.getLastError());
          }
          inFlight--;
        }
        slots[next].write(0, staging, 0, n);
        slotOv[next].Offset = (int) position;
        slotOv[next].OffsetHigh = (int) (position >>> 32);
        slotOv[next].hEvent = null;
        slotOv[next].write();
        if (!FileIo.INSTANCE.WriteFile(target, slots[next], n, null, slotOv[next].getPointer())
            && Native.getLastError() != WinError.ERROR_IO_PENDING) {
          throw new IOException("write failed at " + position + ": " + Native.getLastError());
        }
        inFlight++;
        position += n;
        next = (next + 1) % SLOTS;
      }
      while (inFlight > 0) {
        int oldest = Math.floorMod(next - inFlight, SLOTS);
        IntByReference written = new IntByReference();
        if (!FileIo.INSTANCE.GetOverlappedResult(target, slotOv[oldest].getPointer(), written, true)) { // expect: WaitOnSharedFileHandle
          throw new IOException("write failed: " + Native.getLastError());
        }
        inFlight--;
      }
      return position;
    } finally {
      Kernel32.INSTANCE.CloseHandle(target);
    }
  }
}
