package corpus.canceliofromotherthread;
// case: negative: single-client IPC listener accepts and reads on its own Java thread; close() runs on another thread but uses CancelIoEx, which cancels the listener's pending ConnectNamedPipe or ReadFile whichever thread issued it, and joins the listener before closing the pipe

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

public final class JnaPipeListenerCloseUsesCancelIoEx {
  interface Ipc extends StdCallLibrary {
    Ipc INSTANCE = Native.load("kernel32", Ipc.class);

    boolean ConnectNamedPipe(HANDLE pipe, Pointer overlapped);

    boolean ReadFile(HANDLE h, Pointer buffer, int length, IntByReference read, Pointer overlapped);

    boolean GetOverlappedResult(HANDLE h, Pointer overlapped, IntByReference transferred, boolean wait);

    boolean CancelIoEx(HANDLE h, Pointer overlapped);
  }

  private final HANDLE pipe;
  private final Consumer<byte[]> onMessage;
  private final Thread listener;

  public JnaPipeListenerCloseUsesCancelIoEx(String name, Consumer<byte[]> onMessage) {
    this.onMessage = onMessage;
    this.pipe =
        Kernel32.INSTANCE.CreateNamedPipe(
            name,
            WinBase.PIPE_ACCESS_INBOUND | Kernel32.FILE_FLAG_OVERLAPPED,
            WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT,
            1, 0, 8192, 0, null);
    this.listener = new Thread(this::listen, "ipc-listener");
    listener.start();
  }

  private void listen() {
    Memory message = new Memory(8192);
    WinBase.OVERLAPPED ov = new WinBase.OVERLAPPED();
    ov.hEvent = Kernel32.INSTANCE.CreateEvent(null, true, false, null);
    ov.write();
    IntByReference got = new IntByReference();
    try {
      if (!Ipc.INSTANCE.ConnectNamedPipe(pipe, ov.getPointer())) {
        int error = Native.getLastError();
        if (error == WinError.ERROR_IO_PENDING) {
          if (!Ipc.INSTANCE.GetOverlappedResult(pipe, ov.getPointer(), got, true)) {
            return;
          }
        } else if (error != WinError.ERROR_PIPE_CONNECTED) {
          return;
        }
      }
      while (true) {
        if (!Ipc.INSTANCE.ReadFile(pipe, message, 8192, null, ov.getPointer())
            && Native.getLastError() != WinError.ERROR_IO_PENDING) {
          return;
        }
        if (!Ipc.INSTANCE.GetOverlappedResult(pipe, ov.getPointer(), got, true)) {
          return;
        }
        onMessage.accept(message.getByteArray(0, got.getValue()));
      }
    } finally {
      Kernel32.INSTANCE.CloseHandle(ov.hEvent);
    }
  }

  public void close() throws InterruptedException {
    Ipc.INSTANCE.CancelIoEx(pipe, null);
    listener.join();
    Kernel32.INSTANCE.CloseHandle(pipe);
  }
}
