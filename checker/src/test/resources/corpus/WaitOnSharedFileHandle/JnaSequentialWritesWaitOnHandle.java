package corpus.waitonsharedfilehandle;
// case: negative: the firmware updater sends the header and then the payload to the device, waiting on the device handle after each write before issuing the next, so at most one operation is outstanding at every wait

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
import java.io.IOException;

public final class JnaSequentialWritesWaitOnHandle {
  interface DeviceIo extends StdCallLibrary {
    DeviceIo INSTANCE = Native.load("kernel32", DeviceIo.class);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private final HANDLE device;

  public JnaSequentialWritesWaitOnHandle(String devicePath) {
    device =
        Kernel32.INSTANCE.CreateFile(
            devicePath, WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
  }

  public void upload(byte[] header, byte[] payload) throws IOException {
    Memory headerBuf = new Memory(header.length);
    headerBuf.write(0, header, 0, header.length);
    Memory payloadBuf = new Memory(payload.length);
    payloadBuf.write(0, payload, 0, payload.length);
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.write();

    if (!DeviceIo.INSTANCE.WriteFile(device, headerBuf, header.length, null, ov.getPointer())) {
      if (Native.getLastError() != WinError.ERROR_IO_PENDING) {
        throw new IOException("header write failed: " + Native.getLastError());
      }
      Kernel32.INSTANCE.WaitForSingleObject(device, WinBase.INFINITE);
    }
    IntByReference written = new IntByReference();
    if (!DeviceIo.INSTANCE.GetOverlappedResult(device, ov.getPointer(), written, false)) {
      throw new IOException("header write failed: " + Native.getLastError());
    }

    ov.clear();
    ov.write();
    if (!DeviceIo.INSTANCE.WriteFile(device, payloadBuf, payload.length, null, ov.getPointer())) {
      if (Native.getLastError() != WinError.ERROR_IO_PENDING) {
        throw new IOException("payload write failed: " + Native.getLastError());
      }
      Kernel32.INSTANCE.WaitForSingleObject(device, WinBase.INFINITE);
    }
    if (!DeviceIo.INSTANCE.GetOverlappedResult(device, ov.getPointer(), written, false)) {
      throw new IOException("payload write failed: " + Native.getLastError());
    }
  }
}
