package corpus.asyncbytestransferredused;
// case: negative: GPS receiver opens the COM port without FILE_FLAG_OVERLAPPED and reads NMEA sentences with jna-platform's ReadFile(byte[]) and a null OVERLAPPED; the call is synchronous, so the IntByReference count is the real number of bytes read

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

public final class JnaSyncSerialByteArrayCount implements AutoCloseable {
  private final HANDLE port;
  private final byte[] rx = new byte[512];
  private final StringBuilder pending = new StringBuilder();

  public JnaSyncSerialByteArrayCount(String comName) throws IOException {
    port =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + comName, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_ATTRIBUTE_NORMAL, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(port)) {
      throw new IOException("cannot open " + comName + ": " + Kernel32.INSTANCE.GetLastError());
    }
  }

  public String nextSentence() throws IOException {
    IntByReference read = new IntByReference();
    while (true) {
      int newline = pending.indexOf("\n");
      if (newline >= 0) {
        String sentence = pending.substring(0, newline).trim();
        pending.delete(0, newline + 1);
        return sentence;
      }
      if (!Kernel32.INSTANCE.ReadFile(port, rx, rx.length, read, null)) {
        throw new IOException("GPS read failed: " + Kernel32.INSTANCE.GetLastError());
      }
      int n = read.getValue();
      if (n == 0) {
        return null;
      }
      pending.append(new String(rx, 0, n, StandardCharsets.US_ASCII));
    }
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(port);
  }
}
