package corpus.waitonsharedfilehandle;
// case: positive: log-forwarding pipe server keeps a read and an acknowledgement write outstanding and waits with WaitForMultipleObjects on {pipe, shutdown}; the pipe handle is signalled by either operation, so the loop cannot tell which one completed

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import java.util.function.Consumer;

public final class JnaPipeServerWaitsOnPipeOrShutdown {
  interface Io extends StdCallLibrary {
    Io INSTANCE = Native.load("kernel32", Io.class);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean WriteFile(HANDLE h, Pointer buffer, int length, IntByReference written, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);
  }

  private final HANDLE pipe;
  private final HANDLE shutdown;
  private final Memory inbound = new Memory(4096);
  private final WinBase.OVERLAPPED readOv = new WinBase.OVERLAPPED();
  private final Memory ack = new Memory(4);
  private final WinBase.OVERLAPPED ackOv = new WinBase.OVERLAPPED();

  public JnaPipeServerWaitsOnPipeOrShutdown(String name, HANDLE shutdown) {
    this.shutdown = shutdown;
    pipe =
        Kernel32.INSTANCE.CreateNamedPipe(
            name,
            WinBase.PIPE_ACCESS_DUPLEX | Kernel32.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_WAIT,
            1, 4096, 4096, 0, null);
    readOv.write();
    ackOv.write();
  }

  public void serve(Consumer<byte[]> forward) {
    int sequence = 0;
    startRead();
    while (true) {
      HANDLE[] objects = {pipe, shutdown};
      int which = Kernel32.INSTANCE.WaitForMultipleObjects(2, objects, false, WinBase.INFINITE); // expect: WaitOnSharedFileHandle
      if (which != WinBase.WAIT_OBJECT_0) {
        return;
      }
      IntByReference got = new IntByReference();
      if (!Io.INSTANCE.GetOverlappedResult(pipe, readOv.getPointer(), got, false)) {
        if (Native.getLastError() == WinError.ERROR_IO_INCOMPLETE) {
          continue;
        }
        return;
      }
      forward.accept(inbound.getByteArray(0, got.getValue()));
      ack.setInt(0, ++sequence); // expect: ModifiedWhilePending
      if (!Io.INSTANCE.WriteFile(pipe, ack, 4, null, ackOv.getPointer()) // expect: ModifiedWhilePending
          && Native.getLastError() != WinError.ERROR_IO_PENDING) {
        return;
      }
      startRead();
    }
  }

  private void startRead() {
    if (!Io.INSTANCE.ReadFile(pipe, inbound, (int) inbound.size(), null, readOv.getPointer())
        && Native.getLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("read failed: " + Native.getLastError());
    }
  }
}
