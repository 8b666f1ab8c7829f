package corpus.nulloverlappedonasynchandle;
// case: positive: WinUSB-style bulk device opened with FILE_FLAG_OVERLAPPED keeps a status read outstanding with an OVERLAPPED, but sends commands through its StdCallLibrary WriteFile with a null OVERLAPPED pointer on the same asynchronous handle

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

public final class JnaUsbBulkWriterNullOverlapped implements AutoCloseable {
  interface Io extends StdCallLibrary {
    Io INSTANCE = Native.load("kernel32", Io.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);

    boolean CancelIoEx(HANDLE h, Pointer overlapped);
  }

  private final HANDLE device;
  private final Memory status = new Memory(64);
  private final WinBase.OVERLAPPED statusOv = new WinBase.OVERLAPPED();
  private final Memory command = new Memory(512);

  public JnaUsbBulkWriterNullOverlapped(String devicePath) {
    device =
        Kernel32.INSTANCE.CreateFile(
            devicePath, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE,
            WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_ATTRIBUTE_NORMAL | WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(device)) {
      throw new IllegalStateException("cannot open " + devicePath + ": " + Native.getLastError());
    }
    statusOv.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    statusOv.write();
    if (!Io.INSTANCE.ReadFile(device, status, (int) status.size(), null, statusOv.getPointer())
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("status read failed: " + Native.getLastError());
    }
  }

  public void send(byte[] packet) {
    if (packet.length > command.size()) {
      throw new IllegalArgumentException("packet too large");
    }
    command.write(0, packet, 0, packet.length);
    IntByReference written = new IntByReference();
    if (!Io.INSTANCE.WriteFile(device, command, packet.length, written, null)) { // expect: NullOverlappedOnAsyncHandle
      throw new IllegalStateException("bulk write failed: " + Native.getLastError());
    }
    if (written.getValue() != packet.length) {
      throw new IllegalStateException("short bulk write");
    }
  }

  @Override
  public void close() {
    Io.INSTANCE.CancelIoEx(device, statusOv.getPointer());
    Io.INSTANCE.GetOverlappedResult(device, statusOv.getPointer(), new IntByReference(), true);
    Kernel32.INSTANCE.CloseHandle(statusOv.hEvent);
    Kernel32.INSTANCE.CloseHandle(device);
  }
}
