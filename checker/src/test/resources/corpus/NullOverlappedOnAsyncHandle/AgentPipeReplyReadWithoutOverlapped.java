package corpus.nulloverlappedonasynchandle;
// case: positive: client of a local agent's pipe, opened with FILE_FLAG_OVERLAPPED, sends each request with its own OVERLAPPED and event but reads the reply with a null OVERLAPPED, so kernel32 waits on the pipe handle and may return before the reply arrived

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.Pointer;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

public final class AgentPipeReplyReadWithoutOverlapped implements AutoCloseable {
  private static final int MAX_MESSAGE = 512;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final HANDLE sent;
  private final Memory request;
  private final Memory reply;

  public AgentPipeReplyReadWithoutOverlapped(Kernel32 k32, String pipeName) throws IOException {
    this.k32 = k32;
    this.pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(pipe)) {
      throw new IOException("agent not running: error " + k32.GetLastError());
    }
    this.sent = k32.CreateEvent(null, true, false, null);
    this.request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_MESSAGE);
    this.reply = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_MESSAGE);
  }

  public String call(String command) throws IOException {
    byte[] bytes = command.getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, MAX_MESSAGE);
    request.write(0, bytes, 0, length);
    OVERLAPPED ov = new OVERLAPPED(k32);
    ov.hEvent = sent;
    if (!k32.WriteFile(pipe, request, length, null, ov)) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IOException("send failed: error " + error);
      }
    }
    IntByReference written = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, ov.getPointer(), written, true)) {
      throw new IOException("send failed: error " + k32.GetLastError());
    }

    IntByReference received = new IntByReference();
    if (!k32.ReadFile(pipe, reply, MAX_MESSAGE, received, (Pointer) null)) { // expect: NullOverlappedOnAsyncHandle
      throw new IOException("no reply: error " + k32.GetLastError());
    }
    return new String(reply.getByteArray(0, received.getValue()), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.CloseHandle(sent);
    k32.LocalFree(request);
    k32.LocalFree(reply);
  }
}
