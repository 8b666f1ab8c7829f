package corpus.localoverlappedescapes;
// case: positive: pty output reader starts each read in a helper with a method-local WinBase.OVERLAPPED and keeps only its native address as a long (rebuilt with new Pointer(address) when the read is collected); nothing references the Structure once the helper returns, so its memory can be freed while the read is pending

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

public final class JnaOverlappedAddressKeptAsLong {
  interface PtyIo extends StdCallLibrary {
    PtyIo INSTANCE = Native.load("kernel32", PtyIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private final HANDLE conout;
  private final HANDLE outputReady;
  private final Memory buffer = new Memory(4096);
  private long pendingOverlapped;

  public JnaOverlappedAddressKeptAsLong(String conoutPipeName) {
    conout =
        Kernel32.INSTANCE.CreateFile(
            conoutPipeName, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    this.outputReady = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  }

  public HANDLE outputReady() {
    return outputReady;
  }

  public void beginRead() {
    if (pendingOverlapped != 0) {
      return;
    }
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.hEvent = outputReady;
    ov.write();
    Kernel32.INSTANCE.ResetEvent(outputReady);
    if (!PtyIo.INSTANCE.ReadFile(conout, buffer, (int) buffer.size(), null, ov.getPointer())) { // expect: LocalOverlappedEscapes
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("conout read failed: " + error);
      }
    }
    pendingOverlapped = Pointer.nativeValue(ov.getPointer());
  }

  public byte[] finishRead() {
    if (pendingOverlapped == 0) {
      return new byte[0];
    }
    IntByReference got = new IntByReference();
    boolean ok =
        PtyIo.INSTANCE.GetOverlappedResult(conout, new Pointer(pendingOverlapped), got, true);
    pendingOverlapped = 0;
    if (!ok) {
      int error = Native.getLastError();
      if (error == WinError.ERROR_BROKEN_PIPE) {
        return null;
      }
      throw new IllegalStateException("conout read failed: " + error);
    }
    return buffer.getByteArray(0, got.getValue());
  }
}
