package corpus.modifiedwhilepending;
// case: positive: sensor-hub client posts one read per receive slot to keep the pipe drained, but every slot's ReadFile passes the same OVERLAPPED; the second read reuses it while the first may still be pending

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.util.ArrayList;
import java.util.List;

public final class TwoSlotReaderSharesOverlapped {
  private static final int SLOT_SIZE = 512;

  private final Kernel32 k32;
  private final HANDLE hub;
  private final Memory[] slots;
  private final OVERLAPPED ov;

  public TwoSlotReaderSharesOverlapped(Kernel32 k32, HANDLE hub) {
    this.k32 = k32;
    this.hub = hub;
    this.slots =
        new Memory[] {
          k32.LocalAlloc(WinBase.LMEM_ZEROINIT, SLOT_SIZE),
          k32.LocalAlloc(WinBase.LMEM_ZEROINIT, SLOT_SIZE)
        };
    this.ov = new OVERLAPPED(k32);
    ov.hEvent = k32.CreateEvent(null, true, false, null);
    ov.write();
  }

  /** Reads the next burst of samples, one per slot. */
  public List<byte[]> readBurst() {
    for (Memory slot : slots) {
      if (!k32.ReadFile(hub, slot, SLOT_SIZE, null, ov.getPointer())) { // expect: ModifiedWhilePending
        int error = k32.GetLastError();
        if (error != WinError.ERROR_IO_PENDING) {
          throw new IllegalStateException("sensor hub read failed: error " + error);
        }
      }
    }
    List<byte[]> samples = new ArrayList<>();
    for (Memory slot : slots) {
      IntByReference got = new IntByReference();
      if (!k32.GetOverlappedResult(hub, ov.getPointer(), got, true)) {
        throw new IllegalStateException("sensor hub read failed: error " + k32.GetLastError());
      }
      samples.add(slot.getByteArray(0, got.getValue()));
    }
    return samples;
  }
}
