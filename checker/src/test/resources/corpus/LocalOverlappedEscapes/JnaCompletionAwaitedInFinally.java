package corpus.localoverlappedescapes;
// case: negative: pty output pump with a method-local OVERLAPPED and Memory; whatever happens between issuing the read and returning, a finally block cancels and waits for the pending read before the locals become unreachable

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.io.IOException;
import java.io.OutputStream;

public final class JnaCompletionAwaitedInFinally {
  interface PtyIo extends StdCallLibrary {
    PtyIo INSTANCE = Native.load("kernel32", PtyIo.class);

    boolean ReadFile(HANDLE h, Pointer buf, int n, IntByReference read, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);

    boolean CancelIoEx(HANDLE h, Pointer overlapped);
  }

  private final HANDLE ptyOutput;
  private final HANDLE stopEvent;

  public JnaCompletionAwaitedInFinally(HANDLE ptyOutput, HANDLE stopEvent) {
    this.ptyOutput = ptyOutput;
    this.stopEvent = stopEvent;
  }

  public void pumpOnce(OutputStream sink) throws IOException {
    Memory chunk = new Memory(4096);
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
    boolean pending = false;
    try {
      IntByReference got = new IntByReference();
      if (PtyIo.INSTANCE.ReadFile(ptyOutput, chunk, 4096, got, ov.getPointer())) {
        sink.write(chunk.getByteArray(0, got.getValue()));
        return;
      }
      int error = Kernel32.INSTANCE.GetLastError();
      if (error == WinError.ERROR_BROKEN_PIPE) {
        throw new IOException("pty closed");
      }
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IOException("pty read failed: " + error);
      }
      pending = true;
      int which =
          Kernel32.INSTANCE.WaitForMultipleObjects(
              2, new HANDLE[] {ov.hEvent, stopEvent}, false, WinBase.INFINITE);
      if (which != WinBase.WAIT_OBJECT_0) {
        return;
      }
      pending = false;
      if (!PtyIo.INSTANCE.GetOverlappedResult(ptyOutput, ov.getPointer(), got, false)) {
        throw new IOException("pty read failed: " + Kernel32.INSTANCE.GetLastError());
      }
      sink.write(chunk.getByteArray(0, got.getValue()));
    } finally {
      if (pending) {
        PtyIo.INSTANCE.CancelIoEx(ptyOutput, ov.getPointer());
        PtyIo.INSTANCE.GetOverlappedResult(ptyOutput, ov.getPointer(), new IntByReference(), true);
      }
      Kernel32.INSTANCE.CloseHandle(ov.hEvent);
    }
  }
}
