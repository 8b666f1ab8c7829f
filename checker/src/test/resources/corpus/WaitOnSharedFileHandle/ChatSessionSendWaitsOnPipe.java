package corpus.waitonsharedfilehandle;
// case: positive: chat session keeps a receive permanently outstanding on the duplex pipe (armed in the constructor and re-armed after each message); send() waits for its write with WaitForSingleObject on the pipe handle, which the receive can signal instead

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;

public final class ChatSessionSendWaitsOnPipe {
  private static final int LINE = 512;

  private final Kernel32 k32;
  private final HANDLE pipe;
  private final Memory inbox;
  private final OVERLAPPED receiveOv;
  private final Memory outbox;
  private final OVERLAPPED sendOv;

  public ChatSessionSendWaitsOnPipe(Kernel32 k32, HANDLE connectedPipe) {
    this.k32 = k32;
    this.pipe = connectedPipe;
    this.inbox = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, LINE);
    this.receiveOv = new OVERLAPPED(k32);
    this.receiveOv.hEvent = k32.CreateEvent(null, true, false, null);
    this.outbox = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, LINE);
    this.sendOv = new OVERLAPPED(k32);
    armReceive();
  }

  private void armReceive() {
    k32.ResetEvent(receiveOv.hEvent);
    if (!k32.ReadFile(pipe, inbox, LINE, null, receiveOv)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IllegalStateException("receive failed: error " + k32.GetLastError());
    }
  }

  public HANDLE messageArrived() {
    return receiveOv.hEvent;
  }

  public String takeMessage() {
    IntByReference got = new IntByReference();
    if (!k32.GetOverlappedResult(pipe, receiveOv.getPointer(), got, true)) {
      throw new IllegalStateException("receive failed: error " + k32.GetLastError());
    }
    String line = new String(inbox.getByteArray(0, got.getValue()), StandardCharsets.UTF_8);
    armReceive();
    return line;
  }

  public void send(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, LINE);
    outbox.write(0, bytes, 0, length);
    if (!k32.WriteFile(pipe, outbox, length, null, sendOv)) {
      if (k32.GetLastError() != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("send failed: error " + k32.GetLastError());
      }
      if (k32.WaitForSingleObject(pipe, WinBase.INFINITE) != WinBase.WAIT_OBJECT_0) { // expect: WaitOnSharedFileHandle
        throw new IllegalStateException("send wait failed: error " + k32.GetLastError());
      }
    }
  }
}
