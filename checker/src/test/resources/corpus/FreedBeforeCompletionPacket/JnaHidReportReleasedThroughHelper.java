package corpus.freedbeforecompletionpacket;
// case: positive: HID report reader bound to a completion port releases the request through a same-class helper when ReadFile returns TRUE; without skip-on-success the port still queues a packet for that OVERLAPPED, which the dispatcher releases again

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

public final class JnaHidReportReleasedThroughHelper {
  interface HidKernel32 extends StdCallLibrary {
    HidKernel32 INSTANCE = Native.load("kernel32", HidKernel32.class);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);
  }

  private static final int OVERLAPPED_SIZE = 32;

  private final HANDLE hid;
  private final HANDLE port;
  private final int reportLength;
  private final Consumer<byte[]> reports;
  private final Map<Pointer, Memory> requests = new ConcurrentHashMap<>();

  public JnaHidReportReleasedThroughHelper(
      String devicePath, int reportLength, Consumer<byte[]> reports) {
    this.reportLength = reportLength;
    this.reports = reports;
    hid =
        Kernel32.INSTANCE.CreateFile(
            devicePath,
            WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE,
            null,
            WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED,
            null);
    port = Kernel32.INSTANCE.CreateIoCompletionPort(hid, null, Pointer.createConstant(1), 1);
  }

  public void armRead() {
    Memory request = new Memory(OVERLAPPED_SIZE + reportLength);
    request.clear();
    requests.put(request, request);
    IntByReference got = new IntByReference();
    if (HidKernel32.INSTANCE.ReadFile(
        hid, request.share(OVERLAPPED_SIZE), reportLength, got, request)) {
      reports.accept(request.getByteArray(OVERLAPPED_SIZE, got.getValue()));
      release(request); // expect: FreedBeforeCompletionPacket
    } else if (Native.getLastError() != WinError.ERROR_IO_PENDING) {
      release(request);
    }
  }

  public void dispatch() {
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (Kernel32.INSTANCE.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE)) {
      Memory request = requests.get(overlapped.getValue());
      reports.accept(overlapped.getValue().getByteArray(OVERLAPPED_SIZE, bytes.getValue()));
      release(request);
      armRead();
    }
  }

  private void release(Memory request) {
    requests.remove(request);
    request.close();
  }
}
