package corpus.freedbeforecompletionpacket;
// case: negative: methods named free and close on a record-slot pool around a synchronous WriteFile to a file opened without FILE_FLAG_OVERLAPPED and never bound to a port; nothing here is overlapped

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import java.util.BitSet;

public final class JnaSlotPoolFreeUnrelated implements AutoCloseable {
  static final class SlotPool {
    private final byte[][] slots;
    private final BitSet used;

    SlotPool(int count, int size) {
      slots = new byte[count][size];
      used = new BitSet(count);
    }

    int allocate() {
      int index = used.nextClearBit(0);
      if (index >= slots.length) {
        throw new IllegalStateException("pool exhausted");
      }
      used.set(index);
      return index;
    }

    byte[] slot(int index) {
      return slots[index];
    }

    void free(int index) {
      used.clear(index);
    }
  }

  private final HANDLE file;
  private final SlotPool pool = new SlotPool(16, 512);

  public JnaSlotPoolFreeUnrelated(String path) {
    file =
        Kernel32.INSTANCE.CreateFile(
            path, WinNT.GENERIC_WRITE, WinNT.FILE_SHARE_READ, null, WinNT.CREATE_ALWAYS,
            WinNT.FILE_ATTRIBUTE_NORMAL, null);
    if (WinBase.INVALID_HANDLE_VALUE.equals(file)) {
      throw new IllegalStateException("open failed: " + Kernel32.INSTANCE.GetLastError());
    }
  }

  public void write(String text) {
    int slot = pool.allocate();
    byte[] record = pool.slot(slot);
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, record.length);
    System.arraycopy(bytes, 0, record, 0, length);
    IntByReference written = new IntByReference();
    if (Kernel32.INSTANCE.WriteFile(file, record, length, written, null)) {
      pool.free(slot);
      return;
    }
    pool.free(slot);
    throw new IllegalStateException("write failed: " + Kernel32.INSTANCE.GetLastError());
  }

  @Override
  public void close() {
    Kernel32.INSTANCE.CloseHandle(file);
  }
}
