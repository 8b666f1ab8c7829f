package corpus.waitonsharedfilehandle;
// case: negative: multi-instance pipe server keeps exactly one operation outstanding per instance (ConnectNamedPipe, then one ReadFile at a time, all with event-less OVERLAPPEDs) and waits with WaitForMultipleObjects on the instance handles; each instance handle has a single operation in flight, so its signal identifies that operation

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
import java.util.function.Consumer;

public final class JnaPipeInstancesWaitOnInstanceHandles {
  interface PipeIo extends StdCallLibrary {
    PipeIo INSTANCE = Native.load("kernel32", PipeIo.class, W32APIOptions.DEFAULT_OPTIONS);

    boolean ConnectNamedPipe(HANDLE h, Pointer overlapped);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);

    boolean CancelIoEx(HANDLE h, Pointer overlapped);
  }

  private static final int INSTANCES = 4;
  private static final int REQUEST = 2048;

  private final HANDLE[] pipes = new HANDLE[INSTANCES];
  private final WinBase.OVERLAPPED[] ops = new WinBase.OVERLAPPED[INSTANCES];
  private final Memory[] buffers = new Memory[INSTANCES];
  private final boolean[] connected = new boolean[INSTANCES];
  private final Consumer<byte[]> onRequest;
  private volatile boolean stopped;

  public JnaPipeInstancesWaitOnInstanceHandles(String name, Consumer<byte[]> onRequest) {
    this.onRequest = onRequest;
    for (int i = 0; i < INSTANCES; i++) {
      pipes[i] =
          Kernel32.INSTANCE.CreateNamedPipe(
              name, WinBase.PIPE_ACCESS_INBOUND | WinNT.FILE_FLAG_OVERLAPPED,
              WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT,
              INSTANCES, 0, REQUEST, 0, null);
      ops[i] = new WinBase.OVERLAPPED();
      ops[i].write();
      buffers[i] = new Memory(REQUEST);
    }
  }

  private void listen(int i) {
    connected[i] = false;
    if (!PipeIo.INSTANCE.ConnectNamedPipe(pipes[i], ops[i].getPointer())) {
      int error = Native.getLastError();
      if (error == WinError.ERROR_PIPE_CONNECTED) {
        connected[i] = true;
        read(i);
      } else if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("connect failed: " + error);
      }
    }
  }

  private void read(int i) {
    if (!PipeIo.INSTANCE.ReadFile(pipes[i], buffers[i], REQUEST, null, ops[i].getPointer())) {
      int error = Native.getLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        Kernel32.INSTANCE.DisconnectNamedPipe(pipes[i]);
        listen(i);
      }
    }
  }

  public void serve() {
    for (int i = 0; i < INSTANCES; i++) {
      listen(i);
    }
    while (!stopped) {
      int signalled = Kernel32.INSTANCE.WaitForMultipleObjects(INSTANCES, pipes, false, 250);
      if (signalled == WinError.WAIT_TIMEOUT) {
        continue;
      }
      int i = signalled - WinBase.WAIT_OBJECT_0;
      if (i < 0 || i >= INSTANCES) {
        throw new IllegalStateException("wait failed: " + Native.getLastError());
      }
      IntByReference got = new IntByReference();
      boolean ok = PipeIo.INSTANCE.GetOverlappedResult(pipes[i], ops[i].getPointer(), got, false);
      if (!ok) {
        Kernel32.INSTANCE.DisconnectNamedPipe(pipes[i]);
        listen(i);
      } else if (!connected[i]) {
        connected[i] = true;
        read(i);
      } else {
        onRequest.accept(buffers[i].getByteArray(0, got.getValue()));
        read(i);
      }
    }
    for (int i = 0; i < INSTANCES; i++) {
      PipeIo.INSTANCE.CancelIoEx(pipes[i], ops[i].getPointer());
      PipeIo.INSTANCE.GetOverlappedResult(pipes[i], ops[i].getPointer(), new IntByReference(), true);
      Kernel32.INSTANCE.CloseHandle(pipes[i]);
    }
  }

  public void stop() {
    stopped = true;
  }
}
