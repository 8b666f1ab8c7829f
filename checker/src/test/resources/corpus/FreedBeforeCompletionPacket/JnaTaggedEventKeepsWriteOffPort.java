package corpus.freedbeforecompletionpacket;
// case: negative: the control pipe is bound to the port that serves its reads, but command() sets the low-order bit of its OVERLAPPED's hEvent, the documented way to keep a completion off the port; no packet is queued for that write, so freeing the request when WriteFile returns TRUE, or after waiting on the event, is the only free

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
import com.sun.jna.win32.W32APIOptions;
import java.util.function.Consumer;

public final class JnaTaggedEventKeepsWriteOffPort {
  interface ControlIo extends StdCallLibrary {
    ControlIo INSTANCE = Native.load("kernel32", ControlIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private static final int OVERLAPPED_SIZE = 2 * Native.POINTER_SIZE + 8 + Native.POINTER_SIZE;
  private static final int EVENT_FIELD = 2 * Native.POINTER_SIZE + 8;
  private static final int STATUS_MAX = 512;

  private final HANDLE pipe;
  private final HANDLE port;
  private final HANDLE commandDone = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
  private final Consumer<byte[]> statusUpdates;

  public JnaTaggedEventKeepsWriteOffPort(String pipeName, Consumer<byte[]> statusUpdates) {
    this.statusUpdates = statusUpdates;
    pipe =
        Kernel32.INSTANCE.CreateFile(
            pipeName, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    port = Kernel32.INSTANCE.CreateIoCompletionPort(pipe, null, Pointer.createConstant(2), 1);
  }

  public synchronized void command(byte[] bytes) {
    Pointer request = Kernel32.INSTANCE.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED_SIZE + bytes.length);
    request.write(OVERLAPPED_SIZE, bytes, 0, bytes.length);
    long tagged = Pointer.nativeValue(commandDone.getPointer()) | 1L;
    request.setPointer(EVENT_FIELD, new Pointer(tagged));
    Kernel32.INSTANCE.ResetEvent(commandDone);
    if (ControlIo.INSTANCE.WriteFile(pipe, request.share(OVERLAPPED_SIZE), bytes.length, null, request)) {
      Kernel32.INSTANCE.LocalFree(request);
      return;
    }
    int error = Native.getLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      Kernel32.INSTANCE.LocalFree(request);
      throw new IllegalStateException("command failed: " + error);
    }
    boolean ok = ControlIo.INSTANCE.GetOverlappedResult(pipe, request, new IntByReference(), true);
    int failure = Native.getLastError();
    Kernel32.INSTANCE.LocalFree(request);
    if (!ok) {
      throw new IllegalStateException("command failed: " + failure);
    }
  }

  public void armStatusRead() {
    Pointer request = Kernel32.INSTANCE.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED_SIZE + STATUS_MAX);
    if (!ControlIo.INSTANCE.ReadFile(pipe, request.share(OVERLAPPED_SIZE), STATUS_MAX, null, request)) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        Kernel32.INSTANCE.LocalFree(request);
        throw new IllegalStateException("status read failed: " + error);
      }
    }
  }

  public void statusLoop() {
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (true) {
      boolean ok =
          Kernel32.INSTANCE.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE);
      Pointer request = overlapped.getValue();
      if (request == null) {
        return;
      }
      if (ok) {
        statusUpdates.accept(request.getByteArray(OVERLAPPED_SIZE, bytes.getValue()));
      }
      Kernel32.INSTANCE.LocalFree(request);
      if (!ok) {
        return;
      }
      armStatusRead();
    }
  }
}
