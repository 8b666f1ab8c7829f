package io.github.overlapcheck.runtime;

/** Win32 constants for files, pipes, waits and completion modes, with their Win32 values. */
public final class WinBase {
  public static final int GENERIC_READ = 0x80000000;
  public static final int GENERIC_WRITE = 0x40000000;

  public static final int FILE_SHARE_READ = 0x1;
  public static final int FILE_SHARE_WRITE = 0x2;

  public static final int CREATE_NEW = 1;
  public static final int CREATE_ALWAYS = 2;
  public static final int OPEN_EXISTING = 3;
  public static final int OPEN_ALWAYS = 4;
  public static final int TRUNCATE_EXISTING = 5;

  public static final int FILE_ATTRIBUTE_NORMAL = 0x80;
  public static final int FILE_FLAG_OVERLAPPED = 0x40000000;

  public static final int PIPE_ACCESS_INBOUND = 0x1;
  public static final int PIPE_ACCESS_OUTBOUND = 0x2;
  public static final int PIPE_ACCESS_DUPLEX = 0x3;
  public static final int PIPE_TYPE_BYTE = 0x0;
  public static final int PIPE_READMODE_BYTE = 0x0;
  public static final int PIPE_WAIT = 0x0;
  public static final int PIPE_UNLIMITED_INSTANCES = 255;

  public static final int FILE_BEGIN = 0;
  public static final int FILE_CURRENT = 1;
  public static final int FILE_END = 2;

  public static final byte FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 0x1;
  public static final byte FILE_SKIP_SET_EVENT_ON_HANDLE = 0x2;

  public static final int INFINITE = 0xFFFFFFFF;
  public static final int WAIT_OBJECT_0 = 0;
  public static final int WAIT_ABANDONED = 0x80;
  public static final int WAIT_IO_COMPLETION = 0xC0;
  public static final int WAIT_TIMEOUT = 0x102;
  public static final int WAIT_FAILED = 0xFFFFFFFF;

  public static final int LMEM_FIXED = 0x0;
  public static final int LMEM_ZEROINIT = 0x40;

  private WinBase() {}
}
