package corpus.freedbeforecompletionpacket;
// case: negative: direct-mapped device writer on a port-bound handle frees the request only when WriteFile fails with an error other than ERROR_IO_PENDING (nothing started, so no packet); TRUE and pending are both left to the dequeuing thread

import com.sun.jna.LastErrorException;
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

public final class JnaSyncFailureFreesRequest {
  static {
    Native.register("kernel32");
  }

  static native boolean WriteFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
      IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

  private static final int OVERLAPPED_SIZE = 32;

  private final HANDLE printer;
  private final HANDLE port;

  public JnaSyncFailureFreesRequest(String printerPort) {
    printer =
        Kernel32.INSTANCE.CreateFile(
            printerPort, WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    port = Kernel32.INSTANCE.CreateIoCompletionPort(printer, null, Pointer.createConstant(9), 1);
  }

  public void print(byte[] job) {
    Pointer request = Kernel32.INSTANCE.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED_SIZE + job.length);
    if (request == null) {
      throw new LastErrorException(Native.getLastError());
    }
    request.write(OVERLAPPED_SIZE, job, 0, job.length);
    if (!WriteFile(printer, request.share(OVERLAPPED_SIZE), job.length, null, request)) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        Kernel32.INSTANCE.LocalFree(request);
        throw new LastErrorException(error);
      }
    }
  }

  public boolean completeOne(int timeoutMillis) {
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    boolean ok =
        Kernel32.INSTANCE.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis);
    Pointer request = overlapped.getValue();
    if (request == null) {
      return false;
    }
    Kernel32.INSTANCE.LocalFree(request);
    return ok;
  }
}
