package corpus.skippedcompletionunhandled;
// case: negative: JNA log shipper binds its named-pipe client handle to a completion port and never changes its notification modes, so every WriteFile that returns TRUE still queues a packet; leaving the release of the request to the completion loop is exactly right

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

public final class JnaLogShipperWithoutSkipModeLeavesToPort {
  interface Io extends StdCallLibrary {
    Io INSTANCE = Native.load("kernel32", Io.class);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);
  }

  private static final int OVERLAPPED_SIZE = 32;

  private final HANDLE pipe;
  private final HANDLE port;
  private final Map<Long, Memory> sending = new ConcurrentHashMap<>();

  public JnaLogShipperWithoutSkipModeLeavesToPort(String name) {
    pipe =
        Kernel32.INSTANCE.CreateFile(
            name, WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    port = Kernel32.INSTANCE.CreateIoCompletionPort(pipe, null, Pointer.createConstant(3), 1);
  }

  public void send(byte[] payload) {
    Memory request = new Memory(OVERLAPPED_SIZE + payload.length);
    request.clear(OVERLAPPED_SIZE);
    request.write(OVERLAPPED_SIZE, payload, 0, payload.length);
    sending.put(Pointer.nativeValue(request), request);
    if (!Io.INSTANCE.WriteFile(pipe, request.share(OVERLAPPED_SIZE), payload.length, null, request)) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        sending.remove(Pointer.nativeValue(request));
        throw new IllegalStateException("send failed: " + error);
      }
    }
  }

  /** Completion loop: releases the requests of finished writes. */
  public void pump(int timeoutMillis) {
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (Kernel32.INSTANCE.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis)
        || overlapped.getValue() != null) {
      Memory request = sending.remove(Pointer.nativeValue(overlapped.getValue()));
      if (request != null) {
        request.close();
      }
    }
  }

  public boolean idle() {
    return sending.isEmpty();
  }
}
