package corpus.freedbeforecompletionpacket;
// case: positive: print spooler using JNA direct mapping writes spool records through a completion port; a TRUE WriteFile releases the malloc'd request with Native.free although the port still delivers a packet whose handler frees it too

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

public final class DirectMappedSpoolerNativeFreeOnSuccess {
  static {
    Native.register("kernel32");
  }

  static native boolean WriteFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
      IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

  private static final int OVERLAPPED_SIZE = 32;

  private final HANDLE spoolFile;
  private final HANDLE port;
  private long spoolEnd;

  public DirectMappedSpoolerNativeFreeOnSuccess(String spoolPath) {
    spoolFile =
        Kernel32.INSTANCE.CreateFile(
            spoolPath,
            WinNT.GENERIC_WRITE,
            WinNT.FILE_SHARE_READ,
            null,
            WinNT.CREATE_ALWAYS,
            WinNT.FILE_FLAG_OVERLAPPED | WinNT.FILE_ATTRIBUTE_NORMAL,
            null);
    port = Kernel32.INSTANCE.CreateIoCompletionPort(spoolFile, null, Pointer.createConstant(0x5001), 0);
  }

  public void spool(byte[] record) {
    long peer = Native.malloc(OVERLAPPED_SIZE + record.length);
    Pointer request = new Pointer(peer);
    request.clear(OVERLAPPED_SIZE);
    request.setInt(16, (int) spoolEnd);
    request.setInt(20, (int) (spoolEnd >>> 32));
    request.write(OVERLAPPED_SIZE, record, 0, record.length);
    spoolEnd += record.length;

    boolean completed = WriteFile(spoolFile, request.share(OVERLAPPED_SIZE), record.length, null, request);
    if (!completed) {
      int error = Native.getLastError();
      if (error == WinError.ERROR_IO_PENDING) {
        return;
      }
      Native.free(peer);
      throw new IllegalStateException("spool write failed: " + error);
    }
    Native.free(peer); // expect: FreedBeforeCompletionPacket
  }

  public void reap(int timeoutMillis) {
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (Kernel32.INSTANCE.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis)
        || overlapped.getValue() != null) {
      Native.free(Pointer.nativeValue(overlapped.getValue()));
    }
  }
}
