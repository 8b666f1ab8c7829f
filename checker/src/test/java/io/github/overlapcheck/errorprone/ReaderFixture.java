package io.github.overlapcheck.errorprone;

/**
 * Test source: a method that passes a Java array to an overlapped read, which JNA copies to memory
 * freed when the call returns (one LocalOverlappedEscapes finding, on the read's line), for tests
 * about where findings are reported rather than what they find.
 */
final class ReaderFixture {
  private ReaderFixture() {}

  /** The imports the method needs, for the top of a file. */
  static final String IMPORTS =
      """
      import io.github.overlapcheck.runtime.HANDLE;
      import io.github.overlapcheck.runtime.Kernel32;
      import io.github.overlapcheck.runtime.OVERLAPPED;
      import io.github.overlapcheck.runtime.WinBase;
      import io.github.overlapcheck.runtime.WinError;

      """;

  /**
   * The method named {@code name}, preceded by {@code annotation} (may be empty); if {@code marker}
   * is not empty, the read's line carries {@code // BUG: Diagnostic contains: marker}.
   */
  static String method(String annotation, String name, String marker) {
    return annotation
        + "\n  byte[] "
        + name
        + """
        (Kernel32 k32, String path) {
            HANDLE file =
                k32.CreateFile(path, WinBase.GENERIC_READ, 0, null, WinBase.OPEN_EXISTING,
                    WinBase.FILE_FLAG_OVERLAPPED, null);
            byte[] header = new byte[64];
            OVERLAPPED ov = new OVERLAPPED(k32);
        """
        + (marker.isEmpty() ? "" : "    // BUG: Diagnostic contains: " + marker + "\n")
        + """
            if (!k32.ReadFile(file, header, 64, null, ov)
                && k32.GetLastError() != WinError.ERROR_IO_PENDING) {
              return null;
            }
            k32.GetOverlappedResult(file, ov.getPointer(), null, true);
            return header;
          }
        """;
  }
}
