package corpus.localoverlappedescapes;
// case: negative: GPS receiver on a COM port opened without FILE_FLAG_OVERLAPPED; Kernel32.INSTANCE.ReadFile into a byte[] is synchronous, so JNA's temporary copy lives for the whole transfer

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

public final class JnaSyncComPortByteArray implements AutoCloseable {
  private final HANDLE port;
  private final StringBuilder pending = new StringBuilder();

  public JnaSyncComPortByteArray(String portName) throws IOException {
    port =
        Kernel32.INSTANCE.CreateFile(
            "\\\\.\\" + portName,
            WinNT.GENERIC_READ,
            0,
            null,
            WinNT.OPEN_EXISTING,
            WinNT.FILE_ATTRIBUTE_NORMAL,
            null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(port)) {
      throw new IOException("cannot open " + portName);
    }
    WinBase.COMMTIMEOUTS timeouts = new WinBase.COMMTIMEOUTS();
    Kernel32.INSTANCE.SetCommTimeouts(port, timeouts);
  }

  public String nextSentence() throws IOException {
    byte[] chunk = new byte[82];
    IntByReference read = new IntByReference();
    while (true) {
      int newline = pending.indexOf("\n");
      if (newline >= 0) {
        String sentence = pending.substring(0, newline).trim();
        pending.delete(0, newline + 1);
        return sentence;
      }
      if (!Kernel32.INSTANCE.ReadFile(port, chunk, chunk.length, read, null)) {
        throw new IOException("read failed: " + Kernel32.INSTANCE.GetLastError());
      }
      pending.append(new String(chunk, 0, read.getValue(), StandardCharsets.US_ASCII));
    }
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(port);
  }
}
