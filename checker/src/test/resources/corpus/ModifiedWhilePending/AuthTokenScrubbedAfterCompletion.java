package corpus.modifiedwhilepending;
// case: negative: broker client sends its auth token over an overlapped pipe and scrubs the token from the buffer afterwards; the scrub runs on the synchronous-success path or after GetOverlappedResult(bWait=TRUE) has waited for the pending write, never while it is pending

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.Arrays;

public final class AuthTokenScrubbedAfterCompletion {
  private static final int TOKEN_MAX = 256;

  private final Kernel32 k32;
  private final HANDLE broker;
  private final Memory secret;
  private final OVERLAPPED ov;

  public AuthTokenScrubbedAfterCompletion(Kernel32 k32, HANDLE overlappedBrokerPipe) {
    this.k32 = k32;
    this.broker = overlappedBrokerPipe;
    this.secret = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, TOKEN_MAX);
    this.ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  public void authenticate(byte[] token) {
    if (token.length > TOKEN_MAX) {
      throw new IllegalArgumentException("token too long");
    }
    secret.write(0, token, 0, token.length);
    Arrays.fill(token, (byte) 0);
    boolean sentNow = k32.WriteFile(broker, secret, token.length, null, ov.getPointer());
    if (!sentNow) {
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        scrub(token.length);
        throw new IllegalStateException("auth write failed: error " + error);
      }
      IntByReference sent = new IntByReference();
      boolean ok = k32.GetOverlappedResult(broker, ov.getPointer(), sent, true);
      scrub(token.length);
      if (!ok) {
        throw new IllegalStateException("auth write failed: error " + k32.GetLastError());
      }
      return;
    }
    scrub(token.length);
  }

  private void scrub(int length) {
    secret.write(0, new byte[length], 0, length);
  }
}
