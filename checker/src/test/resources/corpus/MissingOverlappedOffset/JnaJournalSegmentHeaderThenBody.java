package corpus.missingoverlappedoffset;
// case: positive: a journal segment is created and its header written at offset 0, then the body is written with the same OVERLAPPED without advancing Offset, so on the overlapped handle the body overwrites the header

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
import java.io.IOException;

public final class JnaJournalSegmentHeaderThenBody {
  interface SegmentIo extends StdCallLibrary {
    SegmentIo INSTANCE = Native.load("kernel32", SegmentIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  public void writeSegment(String path, byte[] header, byte[] body) throws IOException {
    HANDLE segment =
        Kernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_WRITE, 0, null, WinNT.CREATE_NEW,
            WinNT.FILE_FLAG_OVERLAPPED | WinNT.FILE_FLAG_WRITE_THROUGH, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(segment)) {
      throw new IOException("cannot create segment: " + Native.getLastError());
    }
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
    Memory headerBuf = new Memory(header.length);
    headerBuf.write(0, header, 0, header.length);
    Memory bodyBuf = new Memory(body.length);
    bodyBuf.write(0, body, 0, body.length);
    try {
      if (!SegmentIo.INSTANCE.WriteFile(segment, headerBuf, header.length, null, ov.getPointer())
          && Native.getLastError() != WinError.ERROR_IO_PENDING) {
        throw new IOException("header write failed: " + Native.getLastError());
      }
      IntByReference written = new IntByReference();
      if (!SegmentIo.INSTANCE.GetOverlappedResult(segment, ov.getPointer(), written, true)) {
        throw new IOException("header write failed: " + Native.getLastError());
      }

      Kernel32.INSTANCE.ResetEvent(ov.hEvent);
      if (!SegmentIo.INSTANCE.WriteFile(segment, bodyBuf, body.length, null, ov.getPointer()) // expect: MissingOverlappedOffset
          && Native.getLastError() != WinError.ERROR_IO_PENDING) {
        throw new IOException("body write failed: " + Native.getLastError());
      }
      if (!SegmentIo.INSTANCE.GetOverlappedResult(segment, ov.getPointer(), written, true)) {
        throw new IOException("body write failed: " + Native.getLastError());
      }
    } finally {
      Kernel32.INSTANCE.CloseHandle(ov.hEvent);
      Kernel32.INSTANCE.CloseHandle(segment);
    }
  }
}
