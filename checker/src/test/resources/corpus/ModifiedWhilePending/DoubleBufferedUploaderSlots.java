package corpus.modifiedwhilepending;
// case: negative: firmware uploader double-buffers through two slots, each with its own buffer and OVERLAPPED; it fills one slot while the other slot's write is pending, and waits for a slot's previous write before refilling it

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;
import java.io.InputStream;

public final class DoubleBufferedUploaderSlots {
  private static final int BLOCK = 2048;

  private static final class Slot {
    final Memory buffer;
    final OVERLAPPED ov;
    boolean busy;

    Slot(Kernel32 k32) {
      buffer = k32.LocalAlloc(WinBase.LMEM_FIXED, BLOCK);
      ov = new OVERLAPPED(k32);
      ov.hEvent = k32.CreateEvent(null, true, false, null);
      ov.write();
    }
  }

  private final Kernel32 k32;
  private final HANDLE bootloader;
  private final Slot[] slots;

  public DoubleBufferedUploaderSlots(Kernel32 k32, HANDLE overlappedBootloaderPipe) {
    this.k32 = k32;
    this.bootloader = overlappedBootloaderPipe;
    this.slots = new Slot[] {new Slot(k32), new Slot(k32)};
  }

  public void upload(InputStream image) throws IOException {
    byte[] block = new byte[BLOCK];
    int next = 0;
    int n;
    try {
      while ((n = image.readNBytes(block, 0, BLOCK)) > 0) {
        Slot slot = slots[next];
        await(slot);
        slot.buffer.write(0, block, 0, n);
        if (!k32.WriteFile(bootloader, slot.buffer, n, null, slot.ov.getPointer())) {
          int error = k32.GetLastError();
          if (error != WinError.ERROR_IO_PENDING) {
            throw new IOException("block write failed: error " + error);
          }
        }
        slot.busy = true;
        next = 1 - next;
      }
    } finally {
      await(slots[0]);
      await(slots[1]);
    }
  }

  private void await(Slot slot) throws IOException {
    if (!slot.busy) {
      return;
    }
    slot.busy = false;
    IntByReference sent = new IntByReference();
    if (!k32.GetOverlappedResult(bootloader, slot.ov.getPointer(), sent, true)) {
      throw new IOException("block write failed: error " + k32.GetLastError());
    }
  }
}
