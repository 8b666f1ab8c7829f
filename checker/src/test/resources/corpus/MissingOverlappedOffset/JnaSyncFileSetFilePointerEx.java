package corpus.missingoverlappedoffset;
// case: negative: a BMP reader on a handle opened without FILE_FLAG_OVERLAPPED seeks to the pixel data with a user-declared SetFilePointerEx and reads with Kernel32.INSTANCE.ReadFile and no OVERLAPPED; synchronous handles keep a file pointer

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

public final class JnaSyncFileSetFilePointerEx {
  interface Seek extends StdCallLibrary {
    Seek INSTANCE = Native.load("kernel32", Seek.class);

    int FILE_BEGIN = 0;

    boolean SetFilePointerEx(HANDLE hFile, long liDistanceToMove, Pointer lpNewFilePointer, int dwMoveMethod);
  }

  public byte[] pixels(String path) throws IOException {
    HANDLE bmp =
        Kernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_ATTRIBUTE_NORMAL | WinNT.FILE_FLAG_SEQUENTIAL_SCAN, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(bmp)) {
      throw new IOException("cannot open " + path);
    }
    try {
      byte[] header = new byte[54];
      IntByReference read = new IntByReference();
      if (!Kernel32.INSTANCE.ReadFile(bmp, header, header.length, read, null) || read.getValue() != 54) {
        throw new IOException("short header");
      }
      ByteBuffer fields = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
      int dataOffset = fields.getInt(10);
      int imageSize = fields.getInt(34);
      if (!Seek.INSTANCE.SetFilePointerEx(bmp, dataOffset, null, Seek.FILE_BEGIN)) {
        throw new IOException("seek failed: " + Native.getLastError());
      }
      byte[] data = new byte[imageSize];
      if (!Kernel32.INSTANCE.ReadFile(bmp, data, imageSize, read, null)) {
        throw new IOException("pixel read failed: " + Kernel32.INSTANCE.GetLastError());
      }
      return data;
    } finally {
      Kernel32.INSTANCE.CloseHandle(bmp);
    }
  }
}
