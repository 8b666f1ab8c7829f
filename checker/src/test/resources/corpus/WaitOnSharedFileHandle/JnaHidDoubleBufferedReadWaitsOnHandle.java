package corpus.waitonsharedfilehandle;
// case: positive: HID input reader keeps two reads queued on the device so no report is dropped, both with event-less OVERLAPPEDs, and takes the older one with GetOverlappedResult(bWait=TRUE), a wait on the device handle that the newer read can satisfy

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

public final class JnaHidDoubleBufferedReadWaitsOnHandle {
  static {
    Native.register("kernel32");
  }

  static native boolean ReadFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
      IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

  static native boolean GetOverlappedResult(
      HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);

  private final HANDLE device;
  private final int reportSize;
  private final Memory[] reports = new Memory[2];
  private final WinBase.OVERLAPPED[] overlapped = new WinBase.OVERLAPPED[2];
  private int oldest;

  public JnaHidDoubleBufferedReadWaitsOnHandle(String devicePath, int reportSize) {
    this.reportSize = reportSize;
    device =
        Kernel32.INSTANCE.CreateFile(
            devicePath, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    for (int i = 0; i < 2; i++) {
      reports[i] = new Memory(reportSize);
      overlapped[i] = new WinBase.OVERLAPPED();
      overlapped[i].write();
      queueRead(i);
    }
  }

  private void queueRead(int slot) {
    if (!ReadFile(device, reports[slot], reportSize, null, overlapped[slot].getPointer())) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("HID read failed: " + error);
      }
    }
  }

  public byte[] nextReport() {
    int slot = oldest;
    IntByReference got = new IntByReference();
    if (!GetOverlappedResult(device, overlapped[slot].getPointer(), got, true)) { // expect: WaitOnSharedFileHandle
      throw new IllegalStateException("HID read failed: " + Native.getLastError());
    }
    byte[] report = reports[slot].getByteArray(0, got.getValue());
    queueRead(slot);
    oldest = 1 - slot;
    return report;
  }
}
