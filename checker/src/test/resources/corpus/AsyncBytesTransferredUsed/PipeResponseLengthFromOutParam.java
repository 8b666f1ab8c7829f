package corpus.asyncbytestransferredused;
// case: positive: RPC client over an overlapped named pipe waits on the read OVERLAPPED's event when the response read goes pending, then sizes the response from ReadFile's lpNumberOfBytesRead, which the kernel never fills in for a pending read (it stays 0)

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;

public final class PipeResponseLengthFromOutParam implements AutoCloseable {
  private static final int MAX_MESSAGE = 1024;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory request;
  private final Memory response;
  private final OVERLAPPED writeOv;
  private final OVERLAPPED readOv;

  public PipeResponseLengthFromOutParam(Kernel32 k32, String pipeName) {
    this.k32 = k32;
    pipe =
        k32.CreateFile(
            pipeName, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    request = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_MESSAGE);
    response = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, MAX_MESSAGE);
    writeOv = new OVERLAPPED(k32);
    writeOv.hEvent = k32.CreateEvent(null, true, false, null);
    writeOv.write();
    readOv = new OVERLAPPED(k32);
    readOv.hEvent = k32.CreateEvent(null, true, false, null);
    readOv.write();
  }

  public byte[] call(byte[] message) {
    request.write(0, message, 0, message.length);
    IntByReference sent = new IntByReference();
    if (!k32.WriteFile(pipe, request, message.length, null, writeOv.getPointer())) {
      if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("request failed: error " + k32.GetLastError());
      }
    }
    if (!k32.GetOverlappedResult(pipe, writeOv.getPointer(), sent, true)) {
      throw new IllegalStateException("request failed: error " + k32.GetLastError());
    }

    IntByReference got = new IntByReference();
    if (!k32.ReadFile(pipe, response, MAX_MESSAGE, got, readOv.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("response failed: error " + error);
      }
      if (k32.WaitForSingleObject(readOv.hEvent, WinBase.INFINITE) != WinBase.WAIT_OBJECT_0) {
        throw new IllegalStateException("response wait failed: error " + k32.GetLastError());
      }
    }
    int length = got.getValue(); // expect: AsyncBytesTransferredUsed
    return response.getByteArray(0, length);
  }

  @Override
  public void close() {
    k32.CloseHandle(pipe);
    k32.CloseHandle(writeOv.hEvent);
    k32.CloseHandle(readOv.hEvent);
    k32.LocalFree(request);
    k32.LocalFree(response);
  }
}
