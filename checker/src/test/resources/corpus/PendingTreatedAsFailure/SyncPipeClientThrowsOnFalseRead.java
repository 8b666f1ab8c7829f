package corpus.pendingtreatedasfailure;
// case: negative: a license-server client opens its pipe without FILE_FLAG_OVERLAPPED and reads with no OVERLAPPED, so ReadFile blocks and FALSE really is a failure; throwing on it is right

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

public final class SyncPipeClientThrowsOnFalseRead implements AutoCloseable {
  private static final int MAX_REPLY = 1024;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory request;
  private final Memory reply;

  public SyncPipeClientThrowsOnFalseRead(Kernel32 k32, String pipeName) throws IOException {
    this.k32 = k32;
    pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_ATTRIBUTE_NORMAL, null);
    if (pipe.equals(HANDLE.INVALID_HANDLE_VALUE)) {
      throw new IOException("license server not running: error " + k32.GetLastError());
    }
    request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_REPLY);
    reply = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_REPLY);
  }

  public String checkout(String feature) throws IOException {
    byte[] bytes = ("CHECKOUT " + feature + "\n").getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, MAX_REPLY);
    request.write(0, bytes, 0, length);
    IntByReference written = new IntByReference();
    if (!k32.WriteFile(pipe, request, length, written, (OVERLAPPED) null)) {
      throw new IOException("license request failed: error " + k32.GetLastError());
    }
    IntByReference got = new IntByReference();
    if (!k32.ReadFile(pipe, reply, MAX_REPLY, got, (OVERLAPPED) null)) {
      throw new IOException("license reply failed: error " + k32.GetLastError());
    }
    return new String(reply.getByteArray(0, got.getValue()), StandardCharsets.UTF_8).trim();
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.LocalFree(request);
    k32.LocalFree(reply);
  }
}
