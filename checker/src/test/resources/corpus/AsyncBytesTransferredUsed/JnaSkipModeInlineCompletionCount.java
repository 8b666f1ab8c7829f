package corpus.asyncbytestransferredused;
// case: negative: device reader bound to a completion port with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS handles a TRUE ReadFile inline using lpNumberOfBytesRead (valid for a synchronous completion, and no packet will come), while reads that went pending are delivered by the port loop with the packet's count

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
import com.sun.jna.win32.W32APIOptions;
import java.util.function.Consumer;

public final class JnaSkipModeInlineCompletionCount {
  interface DeviceIo extends StdCallLibrary {
    DeviceIo INSTANCE = Native.load("kernel32", DeviceIo.class, W32APIOptions.DEFAULT_OPTIONS);

    byte FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 0x1;

    boolean SetFileCompletionNotificationModes(HANDLE FileHandle, byte Flags);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);
  }

  private static final int OVERLAPPED_SIZE = 32;
  private static final int CAPACITY = 2048;

  private final HANDLE device;
  private final HANDLE port;
  private final Memory request = new Memory(OVERLAPPED_SIZE + CAPACITY);
  private final Consumer<byte[]> sink;
  private boolean outstanding;

  public JnaSkipModeInlineCompletionCount(String devicePath, Consumer<byte[]> sink) {
    this.sink = sink;
    device =
        Kernel32.INSTANCE.CreateFile(
            devicePath, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    port = Kernel32.INSTANCE.CreateIoCompletionPort(device, null, Pointer.createConstant(1), 1);
    if (!DeviceIo.INSTANCE.SetFileCompletionNotificationModes(
        device, DeviceIo.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS)) {
      throw new IllegalStateException("notification modes: " + Native.getLastError());
    }
  }

  public void pump(int timeoutMillis) {
    while (!outstanding) {
      request.clear(OVERLAPPED_SIZE);
      IntByReference got = new IntByReference();
      if (DeviceIo.INSTANCE.ReadFile(device, request.share(OVERLAPPED_SIZE), CAPACITY, got, request)) {
        sink.accept(request.getByteArray(OVERLAPPED_SIZE, got.getValue()));
        continue;
      }
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("device read failed: " + error);
      }
      outstanding = true;
    }
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    if (Kernel32.INSTANCE.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis)) {
      outstanding = false;
      sink.accept(request.getByteArray(OVERLAPPED_SIZE, bytes.getValue()));
    } else if (overlapped.getValue() != null) {
      outstanding = false;
      throw new IllegalStateException("device read failed: " + Native.getLastError());
    }
  }

  public void close() {
    Kernel32.INSTANCE.CloseHandle(device);
    Kernel32.INSTANCE.CloseHandle(port);
  }
}
