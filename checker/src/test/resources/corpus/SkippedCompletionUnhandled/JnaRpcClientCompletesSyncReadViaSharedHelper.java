package corpus.skippedcompletionunhandled;
// case: negative: JNA RPC client with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS finishes a ReadFile that returns TRUE on the spot: it takes the count from GetOverlappedResult, calls the same responseArrived() helper the completion loop calls (deliver and free) and issues the next read itself

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIOptions;
import java.util.function.Consumer;

public final class JnaRpcClientCompletesSyncReadViaSharedHelper {
  interface RpcKernel32 extends Kernel32 {
    RpcKernel32 INSTANCE = Native.load("kernel32", RpcKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);

    boolean SetFileCompletionNotificationModes(HANDLE h, byte flags);
  }

  private static final int OVERLAPPED_SIZE = 32;
  private static final int RESPONSE_MAX = 2048;

  private final RpcKernel32 k32 = RpcKernel32.INSTANCE;
  private final HANDLE channel;
  private final HANDLE port;
  private final Consumer<byte[]> responses;

  public JnaRpcClientCompletesSyncReadViaSharedHelper(String pipeName, Consumer<byte[]> responses) {
    this.responses = responses;
    channel =
        k32.CreateFile(
            pipeName, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    port = k32.CreateIoCompletionPort(channel, null, Pointer.createConstant(1), 1);
    k32.SetFileCompletionNotificationModes(channel, (byte) 1);
  }

  /** Keeps one response read outstanding. */
  public void armResponseRead() {
    while (true) {
      Memory request = new Memory(OVERLAPPED_SIZE + RESPONSE_MAX);
      request.clear(OVERLAPPED_SIZE);
      long id = Pointer.nativeValue(request);
      Pending.REQUESTS.put(id, request);
      if (!k32.ReadFile(channel, request.share(OVERLAPPED_SIZE), RESPONSE_MAX, null, request)) {
        int error = Native.getLastError();
        if (error == WinError.ERROR_IO_PENDING) {
          return;
        }
        Pending.REQUESTS.remove(id);
        request.close();
        throw new IllegalStateException("response read failed: " + error);
      }
      Pending.REQUESTS.remove(id);
      IntByReference got = new IntByReference();
      k32.GetOverlappedResult(channel, request, got, false);
      responseArrived(request, got.getValue());
    }
  }

  private void responseArrived(Memory request, int length) {
    responses.accept(request.getByteArray(OVERLAPPED_SIZE, length));
    request.close();
  }

  /** Completion loop, run by the client's I/O thread. */
  public void completions(int timeoutMillis) {
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis)) {
      Memory request = Pending.REQUESTS.remove(Pointer.nativeValue(overlapped.getValue()));
      responseArrived(request, bytes.getValue());
      armResponseRead();
    }
  }

  private static final class Pending {
    static final java.util.Map<Long, Memory> REQUESTS = new java.util.concurrent.ConcurrentHashMap<>();
  }
}
