package corpus.freedbeforecompletionpacket;
// case: negative: JNA pipe server sets FILE_SKIP_COMPLETION_PORT_ON_SUCCESS through its own Kernel32 interface right after binding the pipe to the port, so closing the request when WriteFile returns TRUE frees it exactly once

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public final class JnaSkipModeViaUserInterface {
  interface Win32 extends StdCallLibrary {
    Win32 INSTANCE = Native.load("kernel32", Win32.class, W32APIOptions.DEFAULT_OPTIONS);

    int PIPE_ACCESS_DUPLEX = 0x3;
    int FILE_FLAG_OVERLAPPED = 0x40000000;
    byte FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 0x1;
    byte FILE_SKIP_SET_EVENT_ON_HANDLE = 0x2;

    HANDLE CreateNamedPipe(
        String lpName, int dwOpenMode, int dwPipeMode, int nMaxInstances,
        int nOutBufferSize, int nInBufferSize, int nDefaultTimeOut,
        WinBase.SECURITY_ATTRIBUTES lpSecurityAttributes);

    HANDLE CreateIoCompletionPort(
        HANDLE FileHandle, HANDLE ExistingCompletionPort, Pointer CompletionKey,
        int NumberOfConcurrentThreads);

    boolean SetFileCompletionNotificationModes(HANDLE FileHandle, byte Flags);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetQueuedCompletionStatus(
        HANDLE CompletionPort, IntByReference lpNumberOfBytes,
        BaseTSD.ULONG_PTRByReference lpCompletionKey, PointerByReference lpOverlapped,
        int dwMilliseconds);
  }

  private static final int OVERLAPPED_SIZE = 32;

  private final HANDLE pipe;
  private final HANDLE port;
  private final Map<Long, Memory> pendingWrites = new ConcurrentHashMap<>();

  public JnaSkipModeViaUserInterface(String name) {
    pipe =
        Win32.INSTANCE.CreateNamedPipe(
            name,
            Win32.PIPE_ACCESS_DUPLEX | Win32.FILE_FLAG_OVERLAPPED,
            0, 1, 8192, 8192, 0, null);
    port = Win32.INSTANCE.CreateIoCompletionPort(pipe, null, Pointer.createConstant(42), 1);
    Win32.INSTANCE.SetFileCompletionNotificationModes(
        pipe,
        (byte) (Win32.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | Win32.FILE_SKIP_SET_EVENT_ON_HANDLE));
  }

  public void reply(byte[] payload) {
    Memory request = new Memory(OVERLAPPED_SIZE + payload.length);
    request.clear(OVERLAPPED_SIZE);
    request.write(OVERLAPPED_SIZE, payload, 0, payload.length);
    if (Win32.INSTANCE.WriteFile(pipe, request.share(OVERLAPPED_SIZE), payload.length, null, request)) {
      request.close();
      return;
    }
    int error = Native.getLastError();
    if (error == WinError.ERROR_IO_PENDING) {
      pendingWrites.put(Pointer.nativeValue(request), request);
      return;
    }
    request.close();
    throw new IllegalStateException("reply failed: " + error);
  }

  public void drain(int timeoutMillis) {
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (Win32.INSTANCE.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis)
        || overlapped.getValue() != null) {
      Memory request = pendingWrites.remove(Pointer.nativeValue(overlapped.getValue()));
      if (request != null) {
        request.close();
      }
    }
  }
}
