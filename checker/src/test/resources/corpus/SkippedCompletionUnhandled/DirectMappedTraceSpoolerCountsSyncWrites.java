package corpus.skippedcompletionunhandled;
// case: positive: trace spooler (JNA direct mapping) enables FILE_SKIP_COMPLETION_PORT_ON_SUCCESS in a private helper called from the constructor; when WriteFile returns TRUE it only bumps a statistics counter and returns, still relying on reap() to free the malloc'd request, which never receives a packet for it

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

public final class DirectMappedTraceSpoolerCountsSyncWrites {
  static {
    Native.register("kernel32");
  }

  static native HANDLE CreateFileW(
      char[] lpFileName, int dwDesiredAccess, int dwShareMode, Pointer lpSecurityAttributes,
      int dwCreationDisposition, int dwFlagsAndAttributes, HANDLE hTemplateFile);

  static native HANDLE CreateIoCompletionPort(
      HANDLE FileHandle, HANDLE ExistingCompletionPort, Pointer CompletionKey, int NumberOfConcurrentThreads);

  static native boolean SetFileCompletionNotificationModes(HANDLE FileHandle, byte Flags);

  static native boolean WriteFile(
      HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
      IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

  static native boolean GetQueuedCompletionStatus(
      HANDLE CompletionPort, IntByReference lpNumberOfBytes, BaseTSD.ULONG_PTRByReference lpCompletionKey,
      PointerByReference lpOverlapped, int dwMilliseconds);

  private static final int OVERLAPPED_SIZE = 32;
  private static final byte FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 0x1;

  private final HANDLE traceFile;
  private final HANDLE port;
  private long position;
  private long synchronousWrites;
  private long queuedWrites;

  public DirectMappedTraceSpoolerCountsSyncWrites(String path) {
    traceFile =
        CreateFileW(
            (path + "\0").toCharArray(), WinNT.GENERIC_WRITE, WinNT.FILE_SHARE_READ, null,
            WinNT.CREATE_ALWAYS, WinNT.FILE_FLAG_OVERLAPPED, null);
    port = CreateIoCompletionPort(traceFile, null, Pointer.createConstant(0x7ACE), 1);
    enableFastCompletion();
  }

  private void enableFastCompletion() {
    if (!SetFileCompletionNotificationModes(traceFile, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)) {
      throw new IllegalStateException("fast completion unavailable: " + Native.getLastError());
    }
  }

  public void trace(byte[] record) {
    long peer = Native.malloc(OVERLAPPED_SIZE + record.length);
    Pointer request = new Pointer(peer);
    request.clear(OVERLAPPED_SIZE);
    request.setLong(16, position);
    request.write(OVERLAPPED_SIZE, record, 0, record.length);
    position += record.length;
    if (WriteFile(traceFile, request.share(OVERLAPPED_SIZE), record.length, null, request)) { // expect: SkippedCompletionUnhandled
      synchronousWrites++;
      return;
    }
    int error = Native.getLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      Native.free(peer);
      throw new IllegalStateException("trace write failed: " + error);
    }
    queuedWrites++;
  }

  /** Frees the requests of finished writes; called periodically by the tracing thread. */
  public void reap() {
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (GetQueuedCompletionStatus(port, bytes, key, overlapped, 0) || overlapped.getValue() != null) {
      Native.free(Pointer.nativeValue(overlapped.getValue()));
    }
  }

  public String statistics() {
    return synchronousWrites + " synchronous, " + queuedWrites + " queued";
  }
}
