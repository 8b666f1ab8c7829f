package corpus.localoverlappedescapes;
// case: negative: audio capture device read into a direct ByteBuffer held in a field, with the OVERLAPPED in a field too; JNA passes the direct buffer's own address (no temporary copy), so leaving the read pending is fine

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.nio.ByteBuffer;

public final class JnaDirectByteBufferField {
  interface DeviceIo extends StdCallLibrary {
    DeviceIo INSTANCE = Native.load("kernel32", DeviceIo.class);

    boolean ReadFile(
        HANDLE hFile, ByteBuffer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private static final int PERIOD_BYTES = 1920;

  private final HANDLE capture;
  private final ByteBuffer period = ByteBuffer.allocateDirect(PERIOD_BYTES);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
  private boolean inFlight;

  public JnaDirectByteBufferField(String devicePath) {
    capture =
        Kernel32.INSTANCE.CreateFile(
            devicePath, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  public void arm() {
    if (inFlight) {
      return;
    }
    period.clear();
    if (!DeviceIo.INSTANCE.ReadFile(capture, period, PERIOD_BYTES, null, ov.getPointer())) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("capture read failed: " + error);
      }
    }
    inFlight = true;
  }

  public HANDLE periodReady() {
    return ov.hEvent;
  }

  public ByteBuffer collect() {
    IntByReference got = new IntByReference();
    if (!DeviceIo.INSTANCE.GetOverlappedResult(capture, ov.getPointer(), got, true)) {
      inFlight = false;
      throw new IllegalStateException("capture failed: " + Native.getLastError());
    }
    inFlight = false;
    period.limit(got.getValue());
    return period.asReadOnlyBuffer();
  }
}
