package corpus.releasedwhilepending;
// case: positive: UPS status poller reads into a Native.malloc buffer and frees it in finally; when the wait on the OVERLAPPED's event times out it throws, and the finally frees the buffer while the read is still pending

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.util.concurrent.TimeoutException;

public final class JnaFeatureReadFreesMallocOnTimeout {
  interface UpsIo extends StdCallLibrary {
    UpsIo INSTANCE = Native.load("kernel32", UpsIo.class);

    boolean ReadFile(HANDLE file, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE file, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private static final int STATUS_SIZE = 48;

  private final HANDLE ups;
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaFeatureReadFreesMallocOnTimeout(HANDLE overlappedUpsDevice) {
    this.ups = overlappedUpsDevice;
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  /** Reads one status block: battery charge in byte 2, load in byte 3. */
  public int[] readStatus(int timeoutMillis) throws TimeoutException {
    long address = Native.malloc(STATUS_SIZE);
    if (address == 0) {
      throw new OutOfMemoryError("status buffer");
    }
    Pointer status = new Pointer(address);
    try {
      Kernel32.INSTANCE.ResetEvent(ov.hEvent);
      if (!UpsIo.INSTANCE.ReadFile(ups, status, STATUS_SIZE, null, ov.getPointer())) {
        int error = Native.getLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("UPS read failed: " + error);
        }
        if (Kernel32.INSTANCE.WaitForSingleObject(ov.hEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
          throw new TimeoutException("UPS did not answer within " + timeoutMillis + " ms");
        }
      }
      IntByReference got = new IntByReference();
      if (!UpsIo.INSTANCE.GetOverlappedResult(ups, ov.getPointer(), got, false) || got.getValue() < 4) {
        throw new IllegalStateException("UPS read failed: " + Native.getLastError());
      }
      return new int[] {status.getByte(2) & 0xFF, status.getByte(3) & 0xFF};
    } finally {
      Native.free(address); // expect: ReleasedWhilePending
    }
  }
}
