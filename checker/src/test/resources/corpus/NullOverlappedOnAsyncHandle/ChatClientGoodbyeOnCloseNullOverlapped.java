package corpus.nulloverlappedonasynchandle;
// case: positive: chat client on an overlapped pipe keeps a message read outstanding in fields; close() sends a goodbye with WriteFile and a null OVERLAPPED while that read is still outstanding, so kernel32's wait on the pipe handle can be satisfied by the read instead of the write

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

public final class ChatClientGoodbyeOnCloseNullOverlapped implements AutoCloseable {
  private static final byte[] BYE = "/quit\n".getBytes(StandardCharsets.UTF_8);
  private static final int MESSAGE_SIZE = 256;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory incoming;
  private final OVERLAPPED incomingOv;

  public ChatClientGoodbyeOnCloseNullOverlapped(Kernel32 k32, String room) {
    this.k32 = k32;
    this.pipe =
        k32.CreateFile(
            "\\\\.\\pipe\\chat-" + room, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    this.incoming = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MESSAGE_SIZE);
    this.incomingOv = new OVERLAPPED(k32);
    incomingOv.hEvent = k32.CreateEvent(null, true, false, null);
    incomingOv.write();
    armRead();
  }

  private void armRead() {
    if (!k32.ReadFile(pipe, incoming, MESSAGE_SIZE, null, incomingOv.getPointer())
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("read failed: error " + k32.GetLastError());
    }
  }

  /** The next message, or null if none arrived within the timeout. */
  public String poll(int timeoutMillis) {
    if (k32.WaitForSingleObject(incomingOv.hEvent, timeoutMillis) != WinBase.WAIT_OBJECT_0) {
      return null;
    }
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, incomingOv.getPointer(), got, false)) {
      throw new IllegalStateException("read failed: error " + k32.GetLastError());
    }
    String message = new String(incoming.getByteArray(0, got.getValue()), StandardCharsets.UTF_8);
    k32.ResetEvent(incomingOv.hEvent);
    armRead();
    return message;
  }

  @Override
  public void close() {
    Memory bye = k32.LocalAlloc(WinBase.LMEM_FIXED, BYE.length);
    bye.write(0, BYE, 0, BYE.length);
    k32.WriteFile(pipe, bye, BYE.length, new IntByReference(), (Pointer) null); // expect: NullOverlappedOnAsyncHandle
    k32.LocalFree(bye);
    k32.CancelIoEx(pipe, incomingOv.getPointer());
    k32.GetOverlappedResult(pipe, incomingOv.getPointer(), new IntByReference(), true);
    k32.LocalFree(incoming);
    k32.CloseHandle(incomingOv.hEvent);
    k32.CloseHandle(pipe);
  }
}
