package io.github.overlapcheck.scanner.javaparser;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Library types the scanner knows without a classpath: JNA, jna-platform, the reference runtime and
 * the JDK types the analysis cares about, with their supertypes; and the Win32 constants that code
 * commonly spells through them. Without a classpath this is all the scanner knows of types that are
 * not declared in the scanned sources.
 */
final class WellKnown {
  private WellKnown() {}

  static final String JNA = "com.sun.jna.";

  static final String JNA_WIN32 = "com.sun.jna.platform.win32.";
  static final String RUNTIME = "io.github.overlapcheck.runtime.";

  /**
   * JNA's LastErrorException, by the name a declaration's {@code throws} clause gives it (its
   * subclasses are not recognised without a classpath).
   */
  static boolean isLastErrorException(String type) {
    return type.equals("LastErrorException") || type.equals(JNA + "LastErrorException");
  }

  /** Qualified name to direct supertypes (superclass first). */
  static final Map<String, List<String>> SUPERTYPES =
      Map.ofEntries(
          Map.entry("java.lang.Object", List.of()),
          Map.entry("java.lang.String", List.of("java.lang.Object")),
          Map.entry("java.lang.Thread", List.of("java.lang.Object", "java.lang.Runnable")),
          Map.entry("java.lang.Runnable", List.of()),
          Map.entry("java.util.TimerTask", List.of("java.lang.Object", "java.lang.Runnable")),
          Map.entry("java.nio.Buffer", List.of("java.lang.Object")),
          Map.entry("java.nio.ByteBuffer", List.of("java.nio.Buffer")),
          Map.entry("java.nio.MappedByteBuffer", List.of("java.nio.ByteBuffer")),
          Map.entry("java.lang.foreign.MemorySegment", List.of()),
          Map.entry("java.lang.foreign.Arena", List.of()),
          Map.entry(JNA + "Pointer", List.of("java.lang.Object")),
          Map.entry(JNA + "Memory", List.of(JNA + "Pointer")),
          Map.entry(JNA + "Structure", List.of("java.lang.Object")),
          Map.entry(JNA + "PointerType", List.of("java.lang.Object")),
          Map.entry(JNA + "Native", List.of("java.lang.Object")),
          Map.entry(JNA + "Library", List.of()),
          Map.entry(JNA + "LastErrorException", List.of("java.lang.RuntimeException")),
          Map.entry(JNA + "win32.StdCallLibrary", List.of(JNA + "Library")),
          Map.entry(JNA + "ptr.ByReference", List.of(JNA + "PointerType")),
          Map.entry(JNA + "ptr.IntByReference", List.of(JNA + "ptr.ByReference")),
          Map.entry(JNA + "ptr.LongByReference", List.of(JNA + "ptr.ByReference")),
          Map.entry(JNA + "ptr.ShortByReference", List.of(JNA + "ptr.ByReference")),
          Map.entry(JNA + "ptr.ByteByReference", List.of(JNA + "ptr.ByReference")),
          Map.entry(JNA + "ptr.PointerByReference", List.of(JNA + "ptr.ByReference")),
          Map.entry(JNA_WIN32 + "Kernel32", List.of(JNA + "win32.StdCallLibrary")),
          Map.entry(JNA_WIN32 + "WinNT", List.of()),
          Map.entry(JNA_WIN32 + "WinBase", List.of()),
          Map.entry(JNA_WIN32 + "WinDef", List.of()),
          Map.entry(JNA_WIN32 + "WinError", List.of()),
          Map.entry(JNA_WIN32 + "BaseTSD", List.of()),
          Map.entry(JNA_WIN32 + "Kernel32Util", List.of("java.lang.Object")),
          Map.entry(JNA_WIN32 + "WinBase.OVERLAPPED", List.of(JNA + "Structure")),
          Map.entry(JNA_WIN32 + "WinNT.HANDLE", List.of(JNA + "PointerType")),
          Map.entry(JNA_WIN32 + "WinNT.HANDLEByReference", List.of(JNA + "ptr.ByReference")),
          Map.entry(JNA_WIN32 + "BaseTSD.ULONG_PTR", List.of("java.lang.Object")),
          Map.entry(JNA_WIN32 + "BaseTSD.ULONG_PTRByReference", List.of(JNA + "ptr.ByReference")),
          Map.entry(JNA_WIN32 + "WinDef.DWORD", List.of("java.lang.Object")),
          Map.entry(JNA_WIN32 + "WinDef.DWORDByReference", List.of(JNA + "ptr.ByReference")),
          Map.entry(RUNTIME + "Pointer", List.of("java.lang.Object")),
          Map.entry(RUNTIME + "Memory", List.of(RUNTIME + "Pointer")),
          Map.entry(RUNTIME + "Structure", List.of("java.lang.Object")),
          Map.entry(RUNTIME + "OVERLAPPED", List.of(RUNTIME + "Structure")),
          Map.entry(RUNTIME + "HANDLE", List.of("java.lang.Object")),
          Map.entry(RUNTIME + "Kernel32", List.of("java.lang.Object")),
          Map.entry(RUNTIME + "Arena", List.of("java.lang.Object")),
          Map.entry(RUNTIME + "IntByReference", List.of("java.lang.Object")),
          Map.entry(RUNTIME + "LongByReference", List.of("java.lang.Object")),
          Map.entry(RUNTIME + "PointerByReference", List.of("java.lang.Object")),
          Map.entry(RUNTIME + "ULONG_PTRByReference", List.of("java.lang.Object")),
          Map.entry(RUNTIME + "WinBase", List.of("java.lang.Object")),
          Map.entry(RUNTIME + "WinError", List.of("java.lang.Object")),
          Map.entry(RUNTIME + "Simulation", List.of("java.lang.Object")),
          Map.entry(RUNTIME + "OVERLAPPED_COMPLETION_ROUTINE", List.of()));

  /** java.lang types code names without an import (those the scanner cares about). */
  static final Set<String> JAVA_LANG =
      Set.of(
          "Object",
          "String",
          "Thread",
          "Runnable",
          "Integer",
          "Long",
          "Short",
          "Byte",
          "Character",
          "Boolean",
          "Math",
          "System",
          "Exception",
          "RuntimeException",
          "Error",
          "Throwable",
          "IllegalStateException",
          "IllegalArgumentException",
          "AutoCloseable",
          "StringBuilder",
          "Class",
          "Iterable");

  /** java.util.concurrent types, for on-demand imports of that package. */
  static final Set<String> CONCURRENT =
      Set.of(
          "CountDownLatch",
          "CyclicBarrier",
          "Semaphore",
          "Phaser",
          "Exchanger",
          "Future",
          "CompletableFuture",
          "FutureTask",
          "ForkJoinTask",
          "BlockingQueue",
          "BlockingDeque",
          "LinkedBlockingQueue",
          "LinkedBlockingDeque",
          "ArrayBlockingQueue",
          "SynchronousQueue",
          "PriorityBlockingQueue",
          "DelayQueue",
          "TransferQueue",
          "LinkedTransferQueue",
          "Executor",
          "ExecutorService",
          "ScheduledExecutorService",
          "ThreadPoolExecutor",
          "ScheduledThreadPoolExecutor",
          "ForkJoinPool",
          "Executors",
          "TimeUnit",
          "ConcurrentHashMap",
          "ConcurrentLinkedQueue");

  /**
   * Simple names of library types, for code that names them through an on-demand import or through
   * a type the scanner cannot see: the qualified candidates, JNA first.
   */
  static List<String> candidates(String simpleName) {
    return switch (simpleName) {
      case "Pointer", "Memory", "Structure", "Native", "Library", "PointerType" ->
          List.of(JNA + simpleName, RUNTIME + simpleName);
      case "LastErrorException" -> List.of(JNA + simpleName);
      case "StdCallLibrary" -> List.of(JNA + "win32.StdCallLibrary");
      case "IntByReference", "LongByReference", "PointerByReference" ->
          List.of(JNA + "ptr." + simpleName, RUNTIME + simpleName);
      case "ByReference", "ShortByReference", "ByteByReference" ->
          List.of(JNA + "ptr." + simpleName);
      case "OVERLAPPED" -> List.of(JNA_WIN32 + "WinBase.OVERLAPPED", RUNTIME + "OVERLAPPED");
      case "HANDLE" -> List.of(JNA_WIN32 + "WinNT.HANDLE", RUNTIME + "HANDLE");
      case "HANDLEByReference" -> List.of(JNA_WIN32 + "WinNT.HANDLEByReference");
      case "ULONG_PTRByReference" ->
          List.of(JNA_WIN32 + "BaseTSD.ULONG_PTRByReference", RUNTIME + simpleName);
      case "ULONG_PTR" -> List.of(JNA_WIN32 + "BaseTSD.ULONG_PTR");
      case "DWORD", "DWORDByReference" -> List.of(JNA_WIN32 + "WinDef." + simpleName);
      case "Kernel32", "WinBase", "WinError" ->
          List.of(JNA_WIN32 + simpleName, RUNTIME + simpleName);
      case "WinNT", "WinDef", "BaseTSD", "Kernel32Util" -> List.of(JNA_WIN32 + simpleName);
      case "Arena" -> List.of("java.lang.foreign.Arena", RUNTIME + "Arena");
      case "Simulation", "OVERLAPPED_COMPLETION_ROUTINE" -> List.of(RUNTIME + simpleName);
      case "MemorySegment" -> List.of("java.lang.foreign.MemorySegment");
      case "ByteBuffer", "MappedByteBuffer", "Buffer", "ByteOrder" ->
          List.of("java.nio." + simpleName);
      case "TimerTask" -> List.of("java.util.TimerTask");
      default ->
          CONCURRENT.contains(simpleName)
              ? List.of("java.util.concurrent." + simpleName)
              : JAVA_LANG.contains(simpleName) ? List.of("java.lang." + simpleName) : List.of();
    };
  }

  /**
   * Nested types that code reaches through an interface that inherits them ({@code
   * Kernel32.OVERLAPPED} is {@code WinBase.OVERLAPPED}).
   */
  static Optional<String> inheritedMember(String ownerQualified, String member) {
    if (ownerQualified.startsWith(JNA_WIN32)) {
      if (member.equals("OVERLAPPED")) {
        return Optional.of(JNA_WIN32 + "WinBase.OVERLAPPED");
      }
      if (member.equals("HANDLE") || member.equals("HANDLEByReference")) {
        return Optional.of(JNA_WIN32 + "WinNT." + member);
      }
      if (member.equals("ULONG_PTR") || member.equals("ULONG_PTRByReference")) {
        return Optional.of(JNA_WIN32 + "BaseTSD." + member);
      }
      if (member.equals("DWORD") || member.equals("DWORDByReference")) {
        return Optional.of(JNA_WIN32 + "WinDef." + member);
      }
    }
    return Optional.empty();
  }

  /**
   * Win32 constants beyond {@link io.github.overlapcheck.api.Win32Constant} that code passes to the
   * modelled calls (access, share and creation modes, attributes, pipe modes), with their values in
   * the Windows SDK headers: without a classpath, {@code GENERIC_READ | FILE_FLAG_OVERLAPPED} is
   * still a constant.
   */
  static final Map<String, Long> WIN32_CONSTANTS =
      Map.ofEntries(
          Map.entry("GENERIC_READ", 0x80000000L),
          Map.entry("GENERIC_WRITE", 0x40000000L),
          Map.entry("GENERIC_EXECUTE", 0x20000000L),
          Map.entry("GENERIC_ALL", 0x10000000L),
          Map.entry("FILE_SHARE_READ", 0x1L),
          Map.entry("FILE_SHARE_WRITE", 0x2L),
          Map.entry("FILE_SHARE_DELETE", 0x4L),
          Map.entry("CREATE_NEW", 1L),
          Map.entry("CREATE_ALWAYS", 2L),
          Map.entry("OPEN_EXISTING", 3L),
          Map.entry("OPEN_ALWAYS", 4L),
          Map.entry("TRUNCATE_EXISTING", 5L),
          Map.entry("FILE_ATTRIBUTE_READONLY", 0x1L),
          Map.entry("FILE_ATTRIBUTE_HIDDEN", 0x2L),
          Map.entry("FILE_ATTRIBUTE_SYSTEM", 0x4L),
          Map.entry("FILE_ATTRIBUTE_ARCHIVE", 0x20L),
          Map.entry("FILE_ATTRIBUTE_NORMAL", 0x80L),
          Map.entry("FILE_ATTRIBUTE_TEMPORARY", 0x100L),
          Map.entry("FILE_FLAG_WRITE_THROUGH", 0x80000000L),
          Map.entry("FILE_FLAG_NO_BUFFERING", 0x20000000L),
          Map.entry("FILE_FLAG_RANDOM_ACCESS", 0x10000000L),
          Map.entry("FILE_FLAG_SEQUENTIAL_SCAN", 0x08000000L),
          Map.entry("FILE_FLAG_DELETE_ON_CLOSE", 0x04000000L),
          Map.entry("FILE_FLAG_BACKUP_SEMANTICS", 0x02000000L),
          Map.entry("FILE_FLAG_FIRST_PIPE_INSTANCE", 0x00080000L),
          Map.entry("PIPE_ACCESS_INBOUND", 0x1L),
          Map.entry("PIPE_ACCESS_OUTBOUND", 0x2L),
          Map.entry("PIPE_ACCESS_DUPLEX", 0x3L),
          Map.entry("PIPE_TYPE_BYTE", 0x0L),
          Map.entry("PIPE_TYPE_MESSAGE", 0x4L),
          Map.entry("PIPE_READMODE_BYTE", 0x0L),
          Map.entry("PIPE_READMODE_MESSAGE", 0x2L),
          Map.entry("PIPE_WAIT", 0x0L),
          Map.entry("PIPE_NOWAIT", 0x1L),
          Map.entry("PIPE_UNLIMITED_INSTANCES", 255L),
          Map.entry("WAIT_ABANDONED", 0x80L),
          Map.entry("ERROR_FILE_NOT_FOUND", 2L),
          Map.entry("ERROR_ACCESS_DENIED", 5L),
          Map.entry("ERROR_INVALID_HANDLE", 6L),
          Map.entry("ERROR_NO_DATA", 232L),
          Map.entry("ERROR_MORE_DATA", 234L),
          Map.entry("ERROR_NOT_ENOUGH_MEMORY", 8L),
          Map.entry("ERROR_SEM_TIMEOUT", 121L),
          Map.entry("ERROR_PIPE_BUSY", 231L),
          Map.entry("ERROR_NO_MORE_ITEMS", 259L),
          Map.entry("ERROR_ABANDONED_WAIT_0", 735L),
          Map.entry("ERROR_NETNAME_DELETED", 64L),
          Map.entry("ERROR_INVALID_FUNCTION", 1L),
          Map.entry("ERROR_NOT_READY", 21L),
          Map.entry("ERROR_BAD_COMMAND", 22L),
          Map.entry("ERROR_CRC", 23L),
          Map.entry("ERROR_WRITE_FAULT", 29L),
          Map.entry("ERROR_READ_FAULT", 30L),
          Map.entry("ERROR_GEN_FAILURE", 31L),
          Map.entry("ERROR_NOT_SUPPORTED", 50L),
          Map.entry("ERROR_INSUFFICIENT_BUFFER", 122L),
          Map.entry("ERROR_PIPE_NOT_CONNECTED", 233L),
          Map.entry("ERROR_COUNTER_TIMEOUT", 1121L),
          Map.entry("ERROR_DEVICE_NOT_CONNECTED", 1167L),
          Map.entry("ERROR_CANCELLED", 1223L),
          Map.entry("ERROR_TIMEOUT", 1460L),
          Map.entry("ERROR_DEVICE_REMOVED", 1617L),
          Map.entry("EV_RXCHAR", 0x1L),
          Map.entry("EV_TXEMPTY", 0x4L),
          Map.entry("EV_CTS", 0x8L),
          Map.entry("EV_DSR", 0x10L),
          Map.entry("EV_RLSD", 0x20L),
          Map.entry("EV_BREAK", 0x40L),
          Map.entry("EV_ERR", 0x80L),
          Map.entry("EV_RING", 0x100L),
          Map.entry("MEM_COMMIT", 0x1000L),
          Map.entry("MEM_RESERVE", 0x2000L),
          Map.entry("MEM_RELEASE", 0x8000L),
          Map.entry("PAGE_READWRITE", 0x04L),
          Map.entry("LMEM_FIXED", 0x0L),
          Map.entry("LMEM_ZEROINIT", 0x40L),
          Map.entry("LPTR", 0x40L),
          Map.entry("GMEM_FIXED", 0x0L),
          Map.entry("GMEM_ZEROINIT", 0x40L),
          Map.entry("GPTR", 0x40L));
}
