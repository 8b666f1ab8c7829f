package corpus.missingoverlappedoffset;
// case: positive: CSV exporter opens its output with FILE_FLAG_OVERLAPPED and appends each row with an OVERLAPPED whose Offset is never set; the system keeps no file pointer for an asynchronous handle, so every row is written at offset 0

import io.github.overlapcheck.runtime.HANDLE;
import io.github.overlapcheck.runtime.IntByReference;
import io.github.overlapcheck.runtime.Kernel32;
import io.github.overlapcheck.runtime.Memory;
import io.github.overlapcheck.runtime.OVERLAPPED;
import io.github.overlapcheck.runtime.WinBase;
import io.github.overlapcheck.runtime.WinError;
import java.nio.charset.StandardCharsets;
import java.util.List;

public final class CsvExporterAppendsWithoutOffset implements AutoCloseable {
  private final Kernel32 k32;
  private final HANDLE csv;
  private final OVERLAPPED rowOv;
  private final Memory row;

  public CsvExporterAppendsWithoutOffset(Kernel32 k32, String path) {
    this.k32 = k32;
    csv =
        k32.CreateFile(
            path, WinBase.GENERIC_WRITE, WinBase.FILE_SHARE_READ, null, WinBase.CREATE_ALWAYS,
            WinBase.FILE_FLAG_OVERLAPPED, null);
    rowOv = new OVERLAPPED(k32);
    rowOv.hEvent = k32.CreateEvent(null, true, false, null);
    row = k32.LocalAlloc(WinBase.LMEM_ZEROINIT, 4096);
  }

  public void appendRow(List<String> cells) {
    byte[] bytes = (String.join(",", cells) + "\r\n").getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 4096) {
      throw new IllegalArgumentException("row too long");
    }
    row.write(0, bytes, 0, bytes.length);
    k32.ResetEvent(rowOv.hEvent);
    if (!k32.WriteFile(csv, row, bytes.length, null, rowOv)) { // expect: MissingOverlappedOffset
      int error = k32.GetLastError();
      if (error != WinError.ERROR_IO_PENDING) {
        throw new IllegalStateException("row write failed: error " + error);
      }
    }
    IntByReference written = new IntByReference();
    if (!k32.GetOverlappedResult(csv, rowOv.getPointer(), written, true)) {
      throw new IllegalStateException("row write failed: error " + k32.GetLastError());
    }
  }

  @Override
  public void close() {
    k32.CloseHandle(csv);
    k32.CloseHandle(rowOv.hEvent);
    k32.LocalFree(row);
  }
}
