package corpus.nulloverlappedonasynchandle;
// case: negative: barcode printer on a COM port opened with FILE_FLAG_WRITE_THROUGH but without FILE_FLAG_OVERLAPPED; Kernel32.INSTANCE ReadFile/WriteFile with byte arrays and null OVERLAPPEDs are ordinary blocking calls

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

public final class JnaSerialPortSyncHandleNullOverlapped implements AutoCloseable {
  private final HANDLE port;

  public JnaSerialPortSyncHandleNullOverlapped(String comPort) throws IOException {
    port =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + comPort, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
            WinNT.OPEN_EXISTING, WinNT.FILE_ATTRIBUTE_NORMAL | WinNT.FILE_FLAG_WRITE_THROUGH, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(port)) {
      throw new IOException("cannot open " + comPort + ": " + Native.getLastError());
    }
  }

  public void print(String zpl) throws IOException {
    byte[] label = zpl.getBytes(StandardCharsets.US_ASCII);
    IntByReference written = new IntByReference();
    int offset = 0;
    while (offset < label.length) {
      byte[] rest = new byte[label.length - offset];
      System.arraycopy(label, offset, rest, 0, rest.length);
      if (!Kernel32.INSTANCE.WriteFile(port, rest, rest.length, written, null)) {
        throw new IOException("write failed: " + Kernel32.INSTANCE.GetLastError());
      }
      offset += written.getValue();
    }
  }

  public String status() throws IOException {
    byte[] query = "~HS\r\n".getBytes(StandardCharsets.US_ASCII);
    IntByReference count = new IntByReference();
    if (!Kernel32.INSTANCE.WriteFile(port, query, query.length, count, null)) {
      throw new IOException("status query failed: " + Kernel32.INSTANCE.GetLastError());
    }
    byte[] reply = new byte[128];
    if (!Kernel32.INSTANCE.ReadFile(port, reply, reply.length, count, null)) {
      throw new IOException("status read failed: " + Kernel32.INSTANCE.GetLastError());
    }
    return new String(reply, 0, count.getValue(), StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(port);
  }
}
