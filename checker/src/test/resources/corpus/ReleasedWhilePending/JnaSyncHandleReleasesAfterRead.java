package corpus.releasedwhilepending;
// case: negative: firmware version reader opens the device without FILE_FLAG_OVERLAPPED, so ReadFile (no OVERLAPPED) has finished when it returns; closing the handle and freeing the Memory right after is safe

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.W32APIOptions;
import java.nio.charset.StandardCharsets;

public final class JnaSyncHandleReleasesAfterRead {
  interface DeviceKernel32 extends Kernel32 {
    DeviceKernel32 INSTANCE =
        Native.load("kernel32", DeviceKernel32.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);
  }

  public static String firmwareVersion(String devicePath) {
    DeviceKernel32 k32 = DeviceKernel32.INSTANCE;
    HANDLE device =
        k32.CreateFile(
            devicePath, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_ATTRIBUTE_NORMAL, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(device)) {
      return null;
    }
    Memory version = new Memory(32);
    try {
      IntByReference read = new IntByReference();
      if (!k32.ReadFile(device, version, 32, read, null)) {
        return null;
      }
      return new String(version.getByteArray(0, read.getValue()), StandardCharsets.US_ASCII).trim();
    } finally {
      k32.CloseHandle(device);
      version.close();
    }
  }
}
