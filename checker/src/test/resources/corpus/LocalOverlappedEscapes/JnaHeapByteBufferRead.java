package corpus.localoverlappedescapes;
// case: positive: a heap ByteBuffer passed through a user-declared ReadFile(HANDLE, ByteBuffer, ...) on an overlapped pipe; JNA copies the backing array to temporary native memory, so when the read goes pending the kernel fills freed memory and the wait that follows cannot help

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.nio.ByteBuffer;

public final class JnaHeapByteBufferRead {
  interface NioKernel32 extends StdCallLibrary {
    NioKernel32 INSTANCE = Native.load("kernel32", NioKernel32.class);

    boolean ReadFile(
        HANDLE hFile, ByteBuffer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);

    boolean GetOverlappedResult(
        HANDLE hFile, Pointer lpOverlapped, IntByReference lpNumberOfBytesTransferred, boolean bWait);
  }

  private final HANDLE pipe;
  private final WinBase.OVERLAPPED overlapped = new WinBase.OVERLAPPED();

  public JnaHeapByteBufferRead(String pipeName) {
    pipe =
        Kernel32.INSTANCE.CreateFile(
            pipeName, WinNT.GENERIC_READ, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    overlapped.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    overlapped.write();
  }

  public ByteBuffer receive(int maxBytes) {
    ByteBuffer message = ByteBuffer.allocate(maxBytes);
    IntByReference count = new IntByReference();
    boolean ok = NioKernel32.INSTANCE.ReadFile(pipe, message, maxBytes, count, overlapped.getPointer()); // expect: LocalOverlappedEscapes
    if (!ok) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("receive failed: " + error);
      }
      if (!NioKernel32.INSTANCE.GetOverlappedResult(pipe, overlapped.getPointer(), count, true)) {
        throw new IllegalStateException("receive failed: " + Native.getLastError());
      }
    }
    message.limit(count.getValue());
    return message;
  }
}
