package corpus.skippedcompletionunhandled;
// case: negative: Asio-style JNA proactor enables FILE_SKIP_COMPLETION_PORT_ON_SUCCESS and, when ReadFile returns TRUE, posts the completion to the port itself with PostQueuedCompletionStatus (same key, count and OVERLAPPED), so the port handler does see the synchronous completion and remains the only place that finishes reads

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
import com.sun.jna.win32.StdCallLibrary;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

public final class JnaProactorPostsOwnPacketOnSyncSuccess {
  interface Iocp extends StdCallLibrary {
    Iocp INSTANCE = Native.load("kernel32", Iocp.class);

    byte FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 0x1;

    boolean SetFileCompletionNotificationModes(HANDLE handle, byte flags);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean PostQueuedCompletionStatus(HANDLE port, int bytes, Pointer key, Pointer overlapped);

    boolean GetQueuedCompletionStatus(
        HANDLE port, IntByReference bytes, BaseTSD.ULONG_PTRByReference key,
        PointerByReference overlapped, int timeoutMillis);
  }

  private static final int OVERLAPPED_SIZE = 32;

  private final HANDLE port = Kernel32.INSTANCE.CreateIoCompletionPort(WinNT.INVALID_HANDLE_VALUE, null, null, 0);
  private final Map<Long, Consumer<byte[]>> handlers = new ConcurrentHashMap<>();
  private final Map<Long, Memory> requests = new ConcurrentHashMap<>();

  public HANDLE open(String pipeName, long key) {
    HANDLE h =
        Kernel32.INSTANCE.CreateFile(
            pipeName, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    Kernel32.INSTANCE.CreateIoCompletionPort(h, port, Pointer.createConstant(key), 0);
    Iocp.INSTANCE.SetFileCompletionNotificationModes(h, Iocp.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
    return h;
  }

  public void asyncRead(HANDLE h, long key, int length, Consumer<byte[]> handler) {
    Memory request = new Memory(OVERLAPPED_SIZE + length);
    request.clear(OVERLAPPED_SIZE);
    long id = Pointer.nativeValue(request);
    requests.put(id, request);
    handlers.put(id, handler);
    if (Iocp.INSTANCE.ReadFile(h, request.share(OVERLAPPED_SIZE), length, null, request)) {
      int transferred = (int) request.getLong(8);
      Iocp.INSTANCE.PostQueuedCompletionStatus(port, transferred, Pointer.createConstant(key), request);
      return;
    }
    int error = Native.getLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      requests.remove(id);
      handlers.remove(id);
      throw new IllegalStateException("read failed: " + error);
    }
  }

  /** One turn of the event loop: runs the handler of one finished read. */
  public boolean runOne(int timeoutMillis) {
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    boolean ok = Iocp.INSTANCE.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis);
    if (overlapped.getValue() == null) {
      return false;
    }
    long id = Pointer.nativeValue(overlapped.getValue());
    Memory request = requests.remove(id);
    Consumer<byte[]> handler = handlers.remove(id);
    handler.accept(ok ? request.getByteArray(OVERLAPPED_SIZE, bytes.getValue()) : null);
    request.close();
    return true;
  }
}
