package corpus.skippedcompletionunhandled;
// case: positive: JNA audit-log writer enables FILE_SKIP_COMPLETION_PORT_ON_SUCCESS through its own Kernel32 interface, yet a WriteFile that returns TRUE is left to the completion thread to release and count; no packet comes for it, so its Memory stays in the map forever and flush() never sees the write finish

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public final class JnaAuditWriterLeavesSyncWriteToPort {
  interface AuditKernel32 extends Kernel32 {
    AuditKernel32 INSTANCE = Native.load("kernel32", AuditKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    byte FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 0x1;

    boolean SetFileCompletionNotificationModes(HANDLE FileHandle, byte Flags);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);
  }

  private static final int OVERLAPPED_SIZE = 32;

  private final AuditKernel32 k32 = AuditKernel32.INSTANCE;
  private final HANDLE log;
  private final HANDLE port;
  private final Map<Long, Memory> inFlight = new ConcurrentHashMap<>();
  private long end;

  public JnaAuditWriterLeavesSyncWriteToPort(String path) throws IOException {
    log =
        k32.CreateFile(
            path, WinNT.GENERIC_WRITE, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_ALWAYS,
            WinNT.FILE_ATTRIBUTE_NORMAL | WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinNT.INVALID_HANDLE_VALUE.equals(log)) {
      throw new IOException("cannot open " + path + ": " + k32.GetLastError());
    }
    port = k32.CreateIoCompletionPort(log, null, Pointer.createConstant(1), 1);
    if (!k32.SetFileCompletionNotificationModes(log, AuditKernel32.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)) {
      throw new IOException("SetFileCompletionNotificationModes: " + k32.GetLastError());
    }
  }

  public synchronized void append(String event) throws IOException {
    byte[] line = (event + "\r\n").getBytes(StandardCharsets.UTF_8);
    Memory request = new Memory(OVERLAPPED_SIZE + line.length);
    request.clear(OVERLAPPED_SIZE);
    request.setInt(16, (int) end);
    request.setInt(20, (int) (end >>> 32));
    request.write(OVERLAPPED_SIZE, line, 0, line.length);
    end += line.length;
    inFlight.put(Pointer.nativeValue(request), request);
    boolean done = k32.WriteFile(log, request.share(OVERLAPPED_SIZE), line.length, null, request); // expect: SkippedCompletionUnhandled
    if (!done && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      inFlight.remove(Pointer.nativeValue(request));
      throw new IOException("audit write failed: " + Native.getLastError());
    }
  }

  /** Completion thread body: releases each request when its packet arrives. */
  public void completions() {
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (k32.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinNT.INFINITE)
        || overlapped.getValue() != null) {
      Memory request = inFlight.remove(Pointer.nativeValue(overlapped.getValue()));
      if (request != null) {
        request.close();
      }
    }
  }

  public void flush() throws InterruptedException {
    while (!inFlight.isEmpty()) {
      Thread.sleep(1);
    }
  }
}
