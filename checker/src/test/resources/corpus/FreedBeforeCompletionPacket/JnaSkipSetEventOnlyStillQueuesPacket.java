package corpus.freedbeforecompletionpacket;
// case: positive: the socket-like device handle gets SetFileCompletionNotificationModes with FILE_SKIP_SET_EVENT_ON_HANDLE only, which does not suppress the port packet, so closing the Memory request when WriteFile returns TRUE still frees it before its packet

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
import com.sun.jna.win32.W32APIOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public final class JnaSkipSetEventOnlyStillQueuesPacket {
  interface Kernel32Ext extends Kernel32 {
    Kernel32Ext INSTANCE = Native.load("kernel32", Kernel32Ext.class, W32APIOptions.DEFAULT_OPTIONS);

    byte FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 0x1;
    byte FILE_SKIP_SET_EVENT_ON_HANDLE = 0x2;

    boolean SetFileCompletionNotificationModes(HANDLE FileHandle, byte Flags);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);
  }

  private static final int OVERLAPPED_SIZE = 32;

  private final HANDLE device;
  private final HANDLE port;
  private final Map<Long, Memory> inFlight = new ConcurrentHashMap<>();

  public JnaSkipSetEventOnlyStillQueuesPacket(String devicePath) {
    Kernel32Ext k32 = Kernel32Ext.INSTANCE;
    device =
        k32.CreateFile(
            devicePath,
            WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            0,
            null,
            WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED,
            null);
    port = k32.CreateIoCompletionPort(device, null, Pointer.createConstant(0), 2);
    if (!k32.SetFileCompletionNotificationModes(device, Kernel32Ext.FILE_SKIP_SET_EVENT_ON_HANDLE)) {
      throw new IllegalStateException("notification modes: " + Native.getLastError());
    }
  }

  public void send(byte[] message) {
    Memory request = new Memory(OVERLAPPED_SIZE + message.length);
    request.clear();
    request.write(OVERLAPPED_SIZE, message, 0, message.length);
    inFlight.put(Pointer.nativeValue(request), request);

    if (Kernel32Ext.INSTANCE.WriteFile(
        device, request.share(OVERLAPPED_SIZE), message.length, null, request)) {
      inFlight.remove(Pointer.nativeValue(request));
      request.close(); // expect: FreedBeforeCompletionPacket
      return;
    }
    int error = Kernel32Ext.INSTANCE.GetLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      inFlight.remove(Pointer.nativeValue(request));
      request.close();
      throw new IllegalStateException("send failed: " + error);
    }
  }

  public int pollCompletions(int timeoutMillis) {
    int completed = 0;
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (Kernel32Ext.INSTANCE.GetQueuedCompletionStatus(port, bytes, key, overlapped, timeoutMillis)
        || overlapped.getValue() != null) {
      Pointer ov = overlapped.getValue();
      int status = ov.getInt(0);
      Memory request = inFlight.remove(Pointer.nativeValue(ov));
      if (request != null) {
        request.close();
      }
      if (status == 0) {
        completed++;
      }
      timeoutMillis = 0;
    }
    return completed;
  }
}
