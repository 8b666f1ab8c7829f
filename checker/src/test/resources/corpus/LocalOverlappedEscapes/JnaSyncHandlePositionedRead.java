package corpus.localoverlappedescapes;
// case: negative: a byte[] and an OVERLAPPED carrying a file offset are passed to ReadFile on a handle opened without FILE_FLAG_OVERLAPPED; the OVERLAPPED only positions a synchronous read, which never returns pending

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.util.Arrays;

public final class JnaSyncHandlePositionedRead {
  private static final int SECTOR = 512;

  public byte[] readSector(String imagePath, long sector) throws IOException {
    HANDLE image =
        Kernel32.INSTANCE.CreateFile(
            imagePath,
            WinNT.GENERIC_READ,
            WinNT.FILE_SHARE_READ,
            null,
            WinNT.OPEN_EXISTING,
            WinNT.FILE_ATTRIBUTE_NORMAL,
            null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(image)) {
      throw new IOException("cannot open " + imagePath);
    }
    try {
      long position = sector * SECTOR;
      WinBase.OVERLAPPED at = new WinBase.OVERLAPPED();
      at.Offset = (int) position;
      at.OffsetHigh = (int) (position >>> 32);
      byte[] data = new byte[SECTOR];
      IntByReference read = new IntByReference();
      if (!Kernel32.INSTANCE.ReadFile(image, data, SECTOR, read, at)) {
        throw new IOException("sector read failed: " + Kernel32.INSTANCE.GetLastError());
      }
      return Arrays.copyOf(data, read.getValue());
    } finally {
      Kernel32.INSTANCE.CloseHandle(image);
    }
  }
}
