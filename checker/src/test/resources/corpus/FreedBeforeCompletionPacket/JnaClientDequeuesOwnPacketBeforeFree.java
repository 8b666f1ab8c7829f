package corpus.freedbeforecompletionpacket;
// case: negative: a single-threaded reply reader owns a private completion port and, after every ReadFile that returned TRUE or went pending, takes that read's packet off the port with GetQueuedCompletionStatus before freeing the request; the free on the TRUE path comes after its packet was consumed

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

public final class JnaClientDequeuesOwnPacketBeforeFree implements AutoCloseable {
  interface PipeIo extends StdCallLibrary {
    PipeIo INSTANCE = Native.load("kernel32", PipeIo.class);

    boolean ReadFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToRead,
        IntByReference lpNumberOfBytesRead, Pointer lpOverlapped);
  }

  private static final int OVERLAPPED_SIZE = 32;
  private static final int MAX_REPLY = 8192;

  private final HANDLE pipe;
  private final HANDLE port;

  public JnaClientDequeuesOwnPacketBeforeFree(String pipeName) {
    pipe =
        Kernel32.INSTANCE.CreateFile(
            pipeName, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(pipe)) {
      throw new IllegalStateException("cannot open " + pipeName + ": " + Native.getLastError());
    }
    port = Kernel32.INSTANCE.CreateIoCompletionPort(pipe, null, Pointer.createConstant(1), 1);
  }

  public byte[] receive() {
    Pointer request = Kernel32.INSTANCE.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED_SIZE + MAX_REPLY);
    if (!PipeIo.INSTANCE.ReadFile(pipe, request.share(OVERLAPPED_SIZE), MAX_REPLY, null, request)) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        Kernel32.INSTANCE.LocalFree(request);
        throw new IllegalStateException("reply read failed: " + error);
      }
    }
    IntByReference bytes = new IntByReference();
    BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
    PointerByReference overlapped = new PointerByReference();
    boolean ok =
        Kernel32.INSTANCE.GetQueuedCompletionStatus(port, bytes, key, overlapped, WinBase.INFINITE);
    int error = ok ? WinError.ERROR_SUCCESS : Native.getLastError();
    if (overlapped.getValue() == null) {
      throw new IllegalStateException("completion port failed: " + error);
    }
    byte[] reply = ok ? request.getByteArray(OVERLAPPED_SIZE, bytes.getValue()) : null;
    Kernel32.INSTANCE.LocalFree(request);
    if (reply == null) {
      throw new IllegalStateException("reply read failed: " + error);
    }
    return reply;
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(pipe);
    Kernel32.INSTANCE.CloseHandle(port);
  }
}
