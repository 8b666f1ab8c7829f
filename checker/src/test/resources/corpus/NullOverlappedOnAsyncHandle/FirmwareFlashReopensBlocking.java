package corpus.nulloverlappedonasynchandle;
// case: negative: device normally runs on an overlapped handle with a status read outstanding; before flashing, it cancels and awaits that read, closes the handle and reopens the same field without FILE_FLAG_OVERLAPPED, then writes firmware blocks with null OVERLAPPEDs on the new blocking handle

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.io.IOException;

public final class FirmwareFlashReopensBlocking implements AutoCloseable {
  private static final int BLOCK = 512;

  private final Kernel32 k32;
  private final String path;
  private final Memory status;
  private final OVERLAPPED statusOv;
  private HANDLE device;
  private boolean statusOutstanding;

  public FirmwareFlashReopensBlocking(Kernel32 k32, String path) throws IOException {
    this.k32 = k32;
    this.path = path;
    this.device =
        k32.CreateFile(
            path, WinBase.GENERIC_READ | WinBase.GENERIC_WRITE, 0, null,
            WinBase.OPEN_EXISTING, WinBase.FILE_FLAG_OVERLAPPED, null);
    this.status = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 16);
    this.statusOv = new OVERLAPPED(k32);
    statusOv.hEvent = k32.CreateEvent(null, true, false, null);
    if (!k32.ReadFile(device, status, 16, null, statusOv)
        && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
      throw new IOException("status read failed: error " + k32.GetLastError());
    }
    statusOutstanding = true;
  }


  public void flash(byte[] image) throws IOException {
    if (statusOutstanding) {
      k32.CancelIoEx(device, statusOv.getPointer());
      k32.GetOverlappedResult(device, statusOv.getPointer(), new IntByReference(), true);
      statusOutstanding = false;
    }
    k32.CloseHandle(device);
    device =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, 0, null, WinBase.OPEN_EXISTING,
            WinBase.FILE_ATTRIBUTE_NORMAL, null);
    if (HANDLE.INVALID_HANDLE_VALUE.equals(device)) {
      throw new IOException("bootloader did not open: error " + k32.GetLastError());
    }
    Memory block = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, BLOCK);
    try {
      IntByReference written = new IntByReference();
      for (int at = 0; at < image.length; at += BLOCK) {
        int length = Math.min(BLOCK, image.length - at);
        byte[] padded = new byte[BLOCK];
        System.arraycopy(image, at, padded, 0, length);
        block.write(0, padded, 0, BLOCK);
        if (!k32.WriteFile(device, block, BLOCK, written, (OVERLAPPED) null)) {
          throw new IOException("block at " + at + " failed: error " + k32.GetLastError());
        }
      }
    } finally {
      k32.LocalFree(block);
    }
  }

  @Override
  public void close() {
    if (statusOutstanding) {
      k32.CancelIoEx(device, statusOv.getPointer());
      k32.GetOverlappedResult(device, statusOv.getPointer(), new IntByReference(), true);
    }
    k32.CloseHandle(statusOv.hEvent);
    k32.LocalFree(status);
    k32.CloseHandle(device);
  }
}
