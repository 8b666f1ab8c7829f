package corpus.freedbeforecompletionpacket;
// case: positive: trace writer bound to the thread pool with CreateThreadpoolIo (no skip-on-success) frees the request with LocalFree when WriteFile returns TRUE; the pool still runs the I/O callback for that OVERLAPPED, and the callback frees the same request again

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

public final class JnaThreadpoolIoTraceWriterFreesOnSuccess implements AutoCloseable {
  interface ThreadpoolIo extends StdCallLibrary {
    ThreadpoolIo INSTANCE = Native.load("kernel32", ThreadpoolIo.class, W32APIOptions.DEFAULT_OPTIONS);

    interface IoCallback extends StdCallCallback {
      void callback(
          Pointer instance, Pointer context, Pointer overlapped, int ioResult,
          Pointer numberOfBytesTransferred, Pointer io);
    }

    Pointer CreateThreadpoolIo(HANDLE fl, IoCallback pfnio, Pointer pv, Pointer pcbe);

    void StartThreadpoolIo(Pointer pio);

    void CancelThreadpoolIo(Pointer pio);

    void CloseThreadpoolIo(Pointer pio);

    boolean WriteFile(
        HANDLE hFile, Pointer lpBuffer, int nNumberOfBytesToWrite,
        IntByReference lpNumberOfBytesWritten, Pointer lpOverlapped);
  }

  private static final int OVERLAPPED_SIZE = new WinBase.OVERLAPPED().size();

  private final HANDLE trace;
  private final ThreadpoolIo.IoCallback callback = this::onWritten;
  private final Pointer io;
  private long end;
  private int outstanding;

  public JnaThreadpoolIoTraceWriterFreesOnSuccess(String path) {
    trace =
        Kernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_WRITE, WinNT.FILE_SHARE_READ, null, WinNT.CREATE_ALWAYS,
            WinNT.FILE_FLAG_OVERLAPPED, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(trace)) {
      throw new IllegalStateException("cannot create " + path + ": " + Native.getLastError());
    }
    io = ThreadpoolIo.INSTANCE.CreateThreadpoolIo(trace, callback, null, null);
  }

  public synchronized void emit(byte[] event) {
    long position = end;
    end += event.length;
    Pointer request = Kernel32.INSTANCE.LocalAlloc(WinBase.LMEM_ZEROINIT, OVERLAPPED_SIZE + event.length);
    request.setInt(16, (int) position);
    request.setInt(20, (int) (position >>> 32));
    request.write(OVERLAPPED_SIZE, event, 0, event.length);
    outstanding++;
    ThreadpoolIo.INSTANCE.StartThreadpoolIo(io);
    if (ThreadpoolIo.INSTANCE.WriteFile(trace, request.share(OVERLAPPED_SIZE), event.length, null, request)) {
      Kernel32.INSTANCE.LocalFree(request); // expect: FreedBeforeCompletionPacket
      return;
    }
    int error = Native.getLastError();
    if (error != WinError.ERROR_IO_PENDING) {
      ThreadpoolIo.INSTANCE.CancelThreadpoolIo(io);
      outstanding--;
      Kernel32.INSTANCE.LocalFree(request);
      throw new IllegalStateException("trace write failed: " + error);
    }
  }

  private void onWritten(
      Pointer instance, Pointer context, Pointer overlapped, int ioResult,
      Pointer numberOfBytesTransferred, Pointer tpIo) {
    Kernel32.INSTANCE.LocalFree(overlapped);
    synchronized (this) {
      outstanding--;
      notifyAll();
    }
  }

  @Override
  public synchronized void close() {
    boolean interrupted = false;
    while (outstanding > 0) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    ThreadpoolIo.INSTANCE.CloseThreadpoolIo(io);
    Kernel32.INSTANCE.CloseHandle(trace);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
