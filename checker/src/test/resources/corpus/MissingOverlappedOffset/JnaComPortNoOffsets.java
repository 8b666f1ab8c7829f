package corpus.missingoverlappedoffset;
// case: negative: weighing-scale driver does overlapped reads and writes on a COM port without ever setting Offset/OffsetHigh; a serial port is not a seeking device

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
import java.nio.charset.StandardCharsets;

public final class JnaComPortNoOffsets implements AutoCloseable {
  interface Serial extends StdCallLibrary {
    Serial INSTANCE = Native.load("kernel32", Serial.class);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private final HANDLE scale;
  private final Memory io = new Memory(64);
  private final WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();

  public JnaComPortNoOffsets() {
    scale =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\COM4", WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_FLAG_OVERLAPPED, null);
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
  }

  public String readWeight() {
    byte[] query = "W\r".getBytes(StandardCharsets.US_ASCII);
    io.write(0, query, 0, query.length);
    Kernel32.INSTANCE.ResetEvent(ov.hEvent);
    if (!Serial.INSTANCE.WriteFile(scale, io, query.length, null, ov.getPointer())
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("query failed: " + Native.getLastError());
    }
    IntByReference count = new IntByReference();
    if (!Serial.INSTANCE.GetOverlappedResult(scale, ov.getPointer(), count, true)) {
      throw new IllegalStateException("query failed: " + Native.getLastError());
    }
    Kernel32.INSTANCE.ResetEvent(ov.hEvent);
    if (!Serial.INSTANCE.ReadFile(scale, io, (int) io.size(), null, ov.getPointer())
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("reply failed: " + Native.getLastError());
    }
    if (!Serial.INSTANCE.GetOverlappedResult(scale, ov.getPointer(), count, true)) {
      throw new IllegalStateException("reply failed: " + Native.getLastError());
    }
    return new String(io.getByteArray(0, count.getValue()), StandardCharsets.US_ASCII).trim();
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(scale);
    Kernel32.INSTANCE.CloseHandle(ov.hEvent);
  }
}
