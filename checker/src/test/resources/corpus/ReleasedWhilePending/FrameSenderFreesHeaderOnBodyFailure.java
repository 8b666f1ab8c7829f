package corpus.releasedwhilepending;
// case: positive: frame sender writes a header and a payload as two overlapped writes, each with its own OVERLAPPED; when the payload WriteFile fails outright, the cleanup frees the payload (never started, fine) and also the header, whose write may still be pending

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;

public final class FrameSenderFreesHeaderOnBodyFailure {
  private static final int HEADER_SIZE = 12;
  private static final int MAGIC = 0x4C4E4B31;

  private final Kernel32 k32;
  private final HANDLE link;
  private final OVERLAPPED headerOv;
  private final OVERLAPPED payloadOv;

  public FrameSenderFreesHeaderOnBodyFailure(Kernel32 k32, HANDLE overlappedLink) {
    this.k32 = k32;
    this.link = overlappedLink;
    this.headerOv = new OVERLAPPED(k32);
    headerOv.hEvent = k32.CreateEvent(null, true, false, null);
    headerOv.write();
    this.payloadOv = new OVERLAPPED(k32);
    payloadOv.hEvent = k32.CreateEvent(null, true, false, null);
    payloadOv.write();
  }

  public void send(int channel, byte[] data) throws IOException {
    Memory header = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, HEADER_SIZE);
    Memory payload = k32.LocalAlloc(WinBase.LMEM_FIXED, Math.max(1, data.length));
    header.setInt(0, MAGIC);
    header.setInt(4, channel);
    header.setInt(8, data.length);
    payload.write(0, data, 0, data.length);
    if (!k32.WriteFile(link, header, HEADER_SIZE, null, headerOv.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        k32.LocalFree(payload);
        k32.LocalFree(header);
        throw new IOException("header write failed: error " + error);
      }
    }
    if (!k32.WriteFile(link, payload, data.length, null, payloadOv.getPointer())) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        k32.LocalFree(payload);
        k32.LocalFree(header); // expect: ReleasedWhilePending
        throw new IOException("payload write failed: error " + error);
      }
    }
    boolean headerSent = complete(headerOv, HEADER_SIZE);
    boolean payloadSent = complete(payloadOv, data.length);
    k32.LocalFree(payload);
    k32.LocalFree(header);
    if (!headerSent || !payloadSent) {
      throw new IOException("link write failed: error " + k32.GetLastError());
    }
  }

  private boolean complete(OVERLAPPED ov, int expected) {
    IntByReference sent = new IntByReference();
    return k32.GetOverlappedResult(link, ov.getPointer(), sent, true) && sent.getValue() == expected;
  }
}
