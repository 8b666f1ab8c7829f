package corpus.releasedwhilepending;
// case: positive: direct-mapped tape/changer status reader keeps a read posted into a LocalAlloc buffer; shutdown() calls CancelIoEx, sleeps 50 ms "to let the cancel land" instead of waiting for the completion, then LocalFree's the buffer

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

public final class JnaDirectCancelSleepThenLocalFree {
  static {
    Native.register("kernel32");
  }

  static native boolean ReadFile(HANDLE file, Pointer buffer, int length, IntByReference read, Pointer overlapped);

  static native boolean GetOverlappedResult(HANDLE file, Pointer overlapped, IntByReference transferred, boolean wait);

  static native boolean CancelIoEx(HANDLE file, Pointer overlapped);

  static native HANDLE CreateEvent(Pointer attributes, boolean manualReset, boolean initialState, String name);

  static native Pointer LocalAlloc(int flags, int bytes);

  static native Pointer LocalFree(Pointer memory);

  private static final int LMEM_ZEROINIT = 0x40;
  private static final int STATUS_SIZE = 96;

  private final HANDLE changer;
  private final Pointer status;
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaDirectCancelSleepThenLocalFree(HANDLE overlappedChanger) {
    this.changer = overlappedChanger;
    this.status = LocalAlloc(LMEM_ZEROINIT, STATUS_SIZE);
    ov.hEvent = CreateEvent(null, true, false, null);
    ov.write();
    post();
  }

  private void post() {
    if (!ReadFile(changer, status, STATUS_SIZE, null, ov.getPointer())) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("changer status read failed: " + error);
      }
    }
  }

  /** Blocks for the next status block; returns the slot count it reports. */
  public int nextSlotCount() {
    IntByReference got = new IntByReference();
    if (!GetOverlappedResult(changer, ov.getPointer(), got, true) || got.getValue() < 4) {
      throw new IllegalStateException("changer status read failed: " + Native.getLastError());
    }
    int slots = status.getInt(0);
    post();
    return slots;
  }

  public void shutdown() throws InterruptedException {
    CancelIoEx(changer, ov.getPointer());
    Thread.sleep(50);
    LocalFree(status); // expect: ReleasedWhilePending
  }
}
