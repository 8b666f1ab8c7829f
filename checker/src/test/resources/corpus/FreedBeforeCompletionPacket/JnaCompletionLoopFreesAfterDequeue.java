package corpus.freedbeforecompletionpacket;
// case: negative: the free happens in the completion loop after GetQueuedCompletionStatus returned TRUE for the packet; the reads it reissues leave their TRUE path alone because their packets come through this same loop

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.util.function.BiConsumer;

public final class JnaCompletionLoopFreesAfterDequeue {
  interface Kernel32Io extends StdCallLibrary {
    Kernel32Io INSTANCE = Native.load("kernel32", Kernel32Io.class);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);
  }

  private static final int OVERLAPPED_SIZE = 32;
  private static final int CHUNK = 64 * 1024;

  private final HANDLE source;
  private final HANDLE port;
  private final BiConsumer<Long, byte[]> chunks;

  public JnaCompletionLoopFreesAfterDequeue(String path, BiConsumer<Long, byte[]> chunks) {
    this.chunks = chunks;
    source =
        Kernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_READ, WinNT.FILE_SHARE_READ, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED | WinNT.FILE_FLAG_SEQUENTIAL_SCAN, null);
    port = Kernel32.INSTANCE.CreateIoCompletionPort(source, null, Pointer.createConstant(1), 1);
  }

  public void run() {
    if (!issue(0)) {
      return;
    }
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    while (true) {
      if (Kernel32.INSTANCE.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE)) {
        Pointer request = overlapped.getValue();
        long offset = (request.getInt(16) & 0xFFFFFFFFL) | ((long) request.getInt(20) << 32);
        int count = bytes.getValue();
        chunks.accept(offset, request.getByteArray(OVERLAPPED_SIZE, count));
        Kernel32.INSTANCE.LocalFree(request);
        if (count == 0 || !issue(offset + count)) {
          return;
        }
      } else {
        Pointer request = overlapped.getValue();
        if (request != null) {
          Kernel32.INSTANCE.LocalFree(request);
        }
        return;
      }
    }
  }

  private boolean issue(long offset) {
    Pointer request = Kernel32.INSTANCE.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED_SIZE + CHUNK);
    request.setInt(16, (int) offset);
    request.setInt(20, (int) (offset >>> 32));
    if (Kernel32Io.INSTANCE.ReadFile(source, request.share(OVERLAPPED_SIZE), CHUNK, null, request)) {
      return true;
    }
    int error = Kernel32.INSTANCE.GetLastError();
    if (error == WinError.ERROR_IO_PENDING) {
      return true;
    }
    Kernel32.INSTANCE.LocalFree(request);
    return false;
  }
}
