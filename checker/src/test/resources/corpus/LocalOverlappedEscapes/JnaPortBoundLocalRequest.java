package corpus.localoverlappedescapes;
// case: positive: fire-and-forget write on a port-bound pipe with a method-local Memory buffer and WinBase.OVERLAPPED; nothing keeps them reachable until the packet is dequeued, so GC may free them while the write is pending or its packet is queued

import com.sun.jna.Memory;
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
import com.sun.jna.win32.StdCallLibrary;
import java.util.concurrent.atomic.AtomicInteger;

public final class JnaPortBoundLocalRequest {
  interface Io extends StdCallLibrary {
    Io INSTANCE = Native.load("kernel32", Io.class);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);
  }

  private final HANDLE pipe;
  private final HANDLE port;
  private final AtomicInteger acknowledged = new AtomicInteger();

  public JnaPortBoundLocalRequest(String pipeName) {
    pipe =
        Kernel32.INSTANCE.CreateFile(
            pipeName, WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    port = Kernel32.INSTANCE.CreateIoCompletionPort(pipe, null, Pointer.createConstant(1), 1);
  }

  public void post(byte[] event) {
    Memory data = new Memory(event.length);
    data.write(0, event, 0, event.length);
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.write();
    if (!Io.INSTANCE.WriteFile(pipe, data, event.length, null, ov.getPointer())) { // expect: LocalOverlappedEscapes
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("post failed: " + error);
      }
    }
  }

  public void acknowledgements() {
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (Kernel32.INSTANCE.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE)) {
      acknowledged.incrementAndGet();
    }
  }
}
