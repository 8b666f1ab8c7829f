package io.github.overlapcheck.runtime;

import java.security.CodeSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The simulated kernel: native memory, the handle table, devices, I/O requests, completion
 * delivery, and a deterministic scheduler for simulated threads.
 *
 * <p>Exactly one simulated thread runs at a time; it holds the baton. A thread gives the baton up
 * only when it blocks (or ends). When no thread can run, the device completes the oldest request
 * that can complete; when nothing can, the timed wait with the earliest deadline times out; when
 * nothing can time out either, the blocked wait can never be satisfied: it is reported and returns.
 * So a run is a pure function of the program and the driver policy.
 */
final class Machine {
  // ---------------------------------------------------------------------------------------------
  // Configuration and violations

  private DriverPolicy policy;
  private final boolean strict;
  private final List<Violation> violations = new ArrayList<>();
  private int violationsThrown;

  Machine(DriverPolicy policy, boolean strict) {
    this.policy = policy;
    this.strict = strict;
    SimThread main = new SimThread(this, nextThreadId++, "main", false);
    main.state = ThreadState.RUNNING;
    main.javaThread = Thread.currentThread();
    register(main);
    this.main = main;
    this.running = main;
  }

  void setPolicy(DriverPolicy policy) {
    this.policy = policy;
  }

  List<Violation> violations() {
    return List.copyOf(violations);
  }

  private void violation(ViolationKind kind, String message, IoRequest op, Block block) {
    violations.add(
        new Violation(
            kind,
            message,
            running.name,
            site(),
            op == null ? null : op.describe(),
            block == null ? null : block.describe(),
            block == null ? null : block.allocatedAt,
            block == null ? null : block.freedAt));
  }

  /**
   * Runs one public API call on behalf of the running simulated thread. In strict mode, the first
   * violation recorded and not yet thrown is thrown when the call returns, so the kernel's own
   * state is always consistent when the program sees the error.
   */
  <T> T api(Supplier<T> body) {
    SimThread self = current();
    if (self.terminate) {
      throw new ThreadTerminated();
    }
    T result = body.get();
    if (strict && violationsThrown < violations.size()) {
      Violation first = violations.get(violationsThrown);
      violationsThrown = violations.size();
      throw new OverlappedViolationError(first);
    }
    return result;
  }

  private SimThread current() {
    SimThread self = byJavaThread.get(Thread.currentThread());
    if (self == null) {
      throw new IllegalStateException(
          "this Java thread is not a simulated thread; start threads with Kernel32.CreateThread");
    }
    if (shutDown) {
      throw new IllegalStateException("the simulation has been shut down");
    }
    if (self != running) {
      throw new IllegalStateException(self.name + " does not hold the simulation's baton");
    }
    return self;
  }

  private static final CodeSource RUNTIME_CODE =
      Machine.class.getProtectionDomain().getCodeSource();

  /** The innermost program frame: the first one not in the runtime's own classes or the JDK. */
  private static String site() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(
            frames ->
                frames
                    .filter(
                        f -> {
                          Class<?> c = f.getDeclaringClass();
                          if (c.getClassLoader() == null) {
                            return false;
                          }
                          CodeSource code = c.getProtectionDomain().getCodeSource();
                          return code == null || !code.equals(RUNTIME_CODE);
                        })
                    .findFirst()
                    .map(f -> f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber())
                    .orElse("<runtime>"));
  }

  // ---------------------------------------------------------------------------------------------
  // Native memory

  enum BlockKind {
    /** LocalAlloc: lives until freed; reported as leaked at shutdown. */
    HEAP,
    /** From an arena: freed when it closes. */
    ARENA,
    /** Owned by a Java Structure object: lives as long as the program keeps it. */
    STRUCTURE,
    /** JNA's copy of a Java array, freed when the call returns. */
    JNA_TEMPORARY,
    /** A local of kernel32 itself (an I/O status block on its stack), gone when it returns. */
    STACK
  }

  /** A block of simulated native memory. Its bytes survive a free, as freed memory does. */
  static final class Block {
    final long id;
    final long address;
    final byte[] data;
    final BlockKind kind;
    final String label;
    final String allocatedAt;
    boolean freed;
    String freedAt;

    /** OVERLAPPED offsets whose status the kernel wrote and the program has not read since. */
    final Set<Long> unreadStatus = new HashSet<>();

    Block(long id, long address, int size, BlockKind kind, String label, String allocatedAt) {
      this.id = id;
      this.address = address;
      this.data = new byte[size];
      this.kind = kind;
      this.label = label;
      this.allocatedAt = allocatedAt;
    }

    String describe() {
      return "#"
          + id
          + " "
          + label
          + " ("
          + data.length
          + " bytes at 0x"
          + Long.toHexString(address)
          + ", "
          + kind.name().toLowerCase(Locale.ROOT)
          + ")";
    }
  }

  private long nextAddress = 0x10000;
  private long nextBlockId = 1;
  private final Set<Block> liveBlocks = new LinkedHashSet<>();

  Block allocate(long size, BlockKind kind, String label) {
    if (size < 0 || size > (1 << 24)) {
      throw new IllegalArgumentException("simulated allocation size out of range: " + size);
    }
    Block block = new Block(nextBlockId++, nextAddress, (int) size, kind, label, site());
    // A gap after every block, so an overrun never lands in the next one.
    nextAddress += ((size + 15) & ~15L) + 64;
    liveBlocks.add(block);
    return block;
  }

  Pointer allocateStructure(int size, String label) {
    return api(() -> new Pointer(this, allocate(size, BlockKind.STRUCTURE, label), 0));
  }

  Memory allocateHeap(long size, String label) {
    return new Memory(this, allocate(size, BlockKind.HEAP, label));
  }

  void free(Block block, String how) {
    if (block.freed) {
      violation(
          ViolationKind.DOUBLE_FREE, how + " freed " + block.label + " a second time", null, block);
      return;
    }
    for (IoRequest r : pending) {
      if (r.buffer == block || r.overlapped == block) {
        String role = r.buffer == block ? "buffer" : "OVERLAPPED";
        String who =
            switch (block.kind) {
              case JNA_TEMPORARY ->
                  "JNA freed its temporary copy of the Java array when the call returned";
              case STACK -> "the call returned, and " + block.label + " went with its stack frame";
              default -> how + " freed " + block.label;
            };
        violation(
            ViolationKind.FREED_WHILE_PENDING,
            who + ", but it is still the " + role + " of a pending operation",
            r,
            block);
        break;
      }
    }
    block.freed = true;
    block.freedAt = site();
    liveBlocks.remove(block);
  }

  byte[] programRead(Block block, long offset, int length) {
    checkRange(block, offset, length);
    if (block.freed) {
      violation(ViolationKind.USE_AFTER_FREE, "the program read freed memory", null, block);
    }
    for (IoRequest r : pending) {
      if (r.kind == IoKind.READ
          && r.buffer == block
          && overlaps(offset, length, r.bufferOffset, r.length)) {
        violation(
            ViolationKind.READ_BEFORE_COMPLETION,
            "the program read a buffer that a pending read has not filled yet",
            r,
            block);
        break;
      }
    }
    block.unreadStatus.removeIf(at -> overlaps(offset, length, at, 16));
    byte[] out = new byte[length];
    System.arraycopy(block.data, (int) offset, out, 0, length);
    return out;
  }

  Void programWrite(Block block, long offset, byte[] bytes) {
    checkRange(block, offset, bytes.length);
    if (block.freed) {
      violation(ViolationKind.USE_AFTER_FREE, "the program wrote to freed memory", null, block);
    }
    int firstChange = -1;
    for (int i = 0; i < bytes.length; i++) {
      if (block.data[(int) offset + i] != bytes[i]) {
        firstChange = i;
        break;
      }
    }
    if (firstChange >= 0) {
      for (IoRequest r : pending) {
        if (r.buffer == block && changes(block, offset, bytes, r.bufferOffset, r.length)) {
          violation(
              ViolationKind.BUFFER_MODIFIED_WHILE_PENDING,
              "the program changed the buffer of a pending operation",
              r,
              block);
          break;
        }
        if (r.overlapped == block
            && changes(block, offset, bytes, r.overlappedOffset, OVERLAPPED.SIZE)) {
          violation(
              ViolationKind.OVERLAPPED_MODIFIED_WHILE_PENDING,
              "the program changed the OVERLAPPED of a pending operation",
              r,
              block);
          break;
        }
      }
      for (long at : block.unreadStatus) {
        if (changes(block, offset, bytes, at, 16)) {
          violation(
              ViolationKind.STALE_OVERLAPPED_WRITE_BACK,
              "the program overwrote the status and byte count the kernel stored in an OVERLAPPED"
                  + " before reading them (a Structure written back from stale Java fields)",
              lastCompletedOn(block, at),
              block);
          break;
        }
      }
      block.unreadStatus.removeIf(at -> overlaps(offset, bytes.length, at, 16));
    }
    System.arraycopy(bytes, 0, block.data, (int) offset, bytes.length);
    return null;
  }

  private static boolean changes(Block block, long offset, byte[] bytes, long from, int length) {
    for (int i = 0; i < bytes.length; i++) {
      long at = offset + i;
      if (at >= from && at < from + length && block.data[(int) at] != bytes[i]) {
        return true;
      }
    }
    return false;
  }

  private void kernelWrite(Block block, long offset, byte[] bytes, IoRequest op, String what) {
    if (block.freed && op.reportedFreed.add(block)) {
      violation(
          ViolationKind.KERNEL_WRITE_TO_FREED,
          "the kernel wrote " + what + " into freed memory",
          op,
          block);
    }
    System.arraycopy(bytes, 0, block.data, (int) offset, bytes.length);
  }

  private byte[] kernelRead(Block block, long offset, int length, IoRequest op) {
    if (block.freed) {
      violation(
          ViolationKind.KERNEL_READ_FROM_FREED,
          "the kernel took the data of a write from freed memory",
          op,
          block);
    }
    byte[] out = new byte[length];
    System.arraycopy(block.data, (int) offset, out, 0, length);
    return out;
  }

  private static void checkRange(Block block, long offset, int length) {
    if (offset < 0 || length < 0 || offset + length > block.data.length) {
      throw new IndexOutOfBoundsException(
          "access of " + length + " bytes at offset " + offset + " is outside " + block.describe());
    }
  }

  private static boolean overlaps(long a, long aLength, long b, long bLength) {
    return a < b + bLength && b < a + aLength;
  }

  // ---------------------------------------------------------------------------------------------
  // Byte encoding (little-endian, as on x64)

  static void putLong(byte[] b, int at, long v) {
    for (int i = 0; i < 8; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  static void putInt(byte[] b, int at, int v) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  static long decodeLong(byte[] b, int at) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[at + i] & 0xFF);
    }
    return v;
  }

  static int decodeInt(byte[] b, int at) {
    int v = 0;
    for (int i = 3; i >= 0; i--) {
      v = (v << 8) | (b[at + i] & 0xFF);
    }
    return v;
  }

  static byte[] encodeLong(long v) {
    byte[] b = new byte[8];
    putLong(b, 0, v);
    return b;
  }

  static byte[] encodeInt(int v) {
    byte[] b = new byte[4];
    putInt(b, 0, v);
    return b;
  }

  // ---------------------------------------------------------------------------------------------
  // Handles and kernel objects

  abstract static class KObject {
    long handle;
    boolean closed;

    abstract boolean signaled();

    /** What a satisfied wait does to the object (an auto-reset event resets). */
    void consume() {}

    abstract String describe();
  }

  static final class EventObject extends KObject {
    final boolean manualReset;
    boolean state;

    EventObject(boolean manualReset, boolean state) {
      this.manualReset = manualReset;
      this.state = state;
    }

    @Override
    boolean signaled() {
      return state;
    }

    @Override
    void consume() {
      if (!manualReset) {
        state = false;
      }
    }

    @Override
    String describe() {
      return (manualReset ? "manual" : "auto") + "-reset event 0x" + Long.toHexString(handle);
    }
  }

  static final class Packet {
    final int bytes;
    final long key;
    final Pointer overlapped;
    final long status;
    final FileObject source;
    final String origin;

    Packet(int bytes, long key, Pointer overlapped, long status, FileObject source, String origin) {
      this.bytes = bytes;
      this.key = key;
      this.overlapped = overlapped;
      this.status = status;
      this.source = source;
      this.origin = origin;
    }
  }

  static final class PortObject extends KObject {
    final ArrayDeque<Packet> packets = new ArrayDeque<>();

    @Override
    boolean signaled() {
      return false;
    }

    @Override
    String describe() {
      return "completion port 0x" + Long.toHexString(handle);
    }
  }

  /** Something a file handle reads and writes: a disk file or one end of a pipe. */
  interface Device {
    String name();

    boolean seeking();
  }

  /** A file on a seeking device, its contents in memory, sparse so 64-bit offsets work. */
  static final class DiskFile implements Device {
    private static final int PAGE = 4096;
    final String name;
    final TreeMap<Long, byte[]> pages = new TreeMap<>();
    final Set<Long> cachedPages = new HashSet<>();
    long length;

    DiskFile(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean seeking() {
      return true;
    }

    byte[] read(long offset, int count) {
      cache(offset, count);
      return peek(offset, count);
    }

    /** The bytes, without bringing them into the cache (for the test harness). */
    byte[] peek(long offset, int count) {
      byte[] out = new byte[count];
      for (int i = 0; i < count; i++) {
        long at = offset + i;
        byte[] page = pages.get(at / PAGE);
        out[i] = page == null ? 0 : page[(int) (at % PAGE)];
      }
      return out;
    }

    void write(long offset, byte[] data) {
      for (int i = 0; i < data.length; i++) {
        long at = offset + i;
        pages.computeIfAbsent(at / PAGE, p -> new byte[PAGE])[(int) (at % PAGE)] = data[i];
      }
      length = Math.max(length, offset + data.length);
      cache(offset, data.length);
    }

    void truncate() {
      pages.clear();
      cachedPages.clear();
      length = 0;
    }

    boolean cached(long offset, int count) {
      for (long p = offset / PAGE; p <= (offset + Math.max(count, 1) - 1) / PAGE; p++) {
        if (!cachedPages.contains(p)) {
          return false;
        }
      }
      return true;
    }

    private void cache(long offset, int count) {
      for (long p = offset / PAGE; p <= (offset + Math.max(count, 1) - 1) / PAGE; p++) {
        cachedPages.add(p);
      }
    }
  }

  /** One instance of a named pipe: two byte streams, the server end and (once connected) client. */
  static final class PipeInstance {
    final String name;
    final ArrayDeque<Byte> toServer = new ArrayDeque<>();
    final ArrayDeque<Byte> toClient = new ArrayDeque<>();
    FileObject server;
    FileObject client;
    boolean serverClosed;
    boolean clientClosed;

    PipeInstance(String name) {
      this.name = name;
    }
  }

  static final class PipeEnd implements Device {
    final PipeInstance pipe;
    final boolean server;

    PipeEnd(PipeInstance pipe, boolean server) {
      this.pipe = pipe;
      this.server = server;
    }

    @Override
    public String name() {
      return pipe.name + (server ? " (server end)" : " (client end)");
    }

    @Override
    public boolean seeking() {
      return false;
    }

    ArrayDeque<Byte> inbound() {
      return server ? pipe.toServer : pipe.toClient;
    }

    ArrayDeque<Byte> outbound() {
      return server ? pipe.toClient : pipe.toServer;
    }

    boolean connected() {
      return pipe.client != null;
    }

    boolean peerClosed() {
      return server ? pipe.clientClosed : pipe.serverClosed;
    }
  }

  static final class FileObject extends KObject {
    final Device device;
    final boolean overlapped;
    final int access;
    long filePointer;

    /** Set by SetFilePointer(Ex) on an asynchronous handle; checked by the next operation. */
    Long ignoredFilePointer;

    PortObject port;
    long key;
    OVERLAPPED_COMPLETION_ROUTINE poolCallback;
    boolean skipPortOnSuccess;
    boolean skipSetEventOnHandle;
    boolean signaled = true;

    /** Per kind of operation, the offset and byte count of the last one that completed. */
    final Map<IoKind, long[]> lastTransfer = new HashMap<>();

    FileObject(Device device, boolean overlapped, int access) {
      this.device = device;
      this.overlapped = overlapped;
      this.access = access;
    }

    @Override
    boolean signaled() {
      return signaled;
    }

    @Override
    String describe() {
      return (overlapped ? "asynchronous" : "synchronous")
          + " handle 0x"
          + Long.toHexString(handle)
          + " to "
          + device.name();
    }
  }

  private final Map<Long, KObject> handles = new HashMap<>();
  private long nextHandle = 0x4;

  HANDLE newHandle(KObject object) {
    object.handle = nextHandle;
    nextHandle += 4;
    handles.put(object.handle, object);
    return new HANDLE(object.handle);
  }

  KObject object(HANDLE h) {
    return h == null ? null : handles.get(h.value());
  }

  <T extends KObject> T object(HANDLE h, Class<T> type) {
    KObject o = object(h);
    return type.isInstance(o) ? type.cast(o) : null;
  }

  private EventObject eventByValue(long value) {
    KObject o = handles.get(value);
    return o instanceof EventObject e ? e : null;
  }

  // Files and pipes by name (case-insensitive, as on Windows).

  private final Map<String, DiskFile> files = new HashMap<>();
  private final Map<String, List<PipeInstance>> pipes = new HashMap<>();

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  static boolean isPipeName(String name) {
    return key(name).startsWith("\\\\.\\pipe\\");
  }

  DiskFile file(String name) {
    return files.get(key(name));
  }

  DiskFile createFile(String name) {
    return files.computeIfAbsent(key(name), k -> new DiskFile(name));
  }

  PipeInstance newPipeInstance(String name) {
    PipeInstance pipe = new PipeInstance(name);
    pipes.computeIfAbsent(key(name), k -> new ArrayList<>()).add(pipe);
    return pipe;
  }

  /** A listening server instance of the named pipe that no client has opened yet. */
  PipeInstance freePipeInstance(String name) {
    for (PipeInstance p : pipes.getOrDefault(key(name), List.of())) {
      if (p.client == null && !p.serverClosed) {
        return p;
      }
    }
    return null;
  }

  /** Whether any server end of the named pipe is still open (else the name does not exist). */
  boolean pipeExists(String name) {
    for (PipeInstance p : pipes.getOrDefault(key(name), List.of())) {
      if (!p.serverClosed) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // I/O requests

  enum IoKind {
    READ,
    WRITE,
    CONNECT
  }

  /** One operation, from the call that issues it until its completion is delivered. */
  final class IoRequest {
    final long id;
    final IoKind kind;
    final FileObject file;
    final SimThread issuer;
    final Block buffer;
    final long bufferOffset;
    final int length;

    /** Where the data goes; an appending write learns it when it completes. */
    long fileOffset;

    boolean append;
    final Block overlapped;
    final long overlappedOffset;
    final OVERLAPPED_COMPLETION_ROUTINE routine;
    final String api;
    final String site;
    long event;

    /** Freed blocks this request's completion already reported touching: one report each. */
    final Set<Block> reportedFreed = new HashSet<>();

    boolean cancelled;
    boolean completed;
    boolean synchronous;
    long status = WinError.STATUS_PENDING;
    int bytes;

    IoRequest(
        IoKind kind,
        FileObject file,
        Pointer buffer,
        int length,
        long fileOffset,
        Pointer overlapped,
        OVERLAPPED_COMPLETION_ROUTINE routine,
        String api) {
      this.id = nextRequestId++;
      this.kind = kind;
      this.file = file;
      this.issuer = running;
      this.buffer = buffer == null ? null : buffer.block;
      this.bufferOffset = buffer == null ? 0 : buffer.offset;
      this.length = length;
      this.fileOffset = fileOffset;
      this.overlapped = overlapped == null ? null : overlapped.block;
      this.overlappedOffset = overlapped == null ? 0 : overlapped.offset;
      this.routine = routine;
      this.api = api;
      this.site = site();
    }

    Machine machine() {
      return Machine.this;
    }

    Pointer overlappedPointer() {
      return overlapped == null ? null : new Pointer(Machine.this, overlapped, overlappedOffset);
    }

    String describe() {
      return api
          + " #"
          + id
          + " on "
          + file.describe()
          + (file.device.seeking() && kind != IoKind.CONNECT ? " at offset " + fileOffset : "")
          + ", issued by "
          + issuer.name
          + " at "
          + site;
    }
  }

  private long nextRequestId = 1;
  private final List<IoRequest> pending = new ArrayList<>();

  int pendingCount() {
    return pending.size();
  }

  private final Map<Block, Map<Long, IoRequest>> lastCompletion = new HashMap<>();

  private IoRequest lastCompletedOn(Block block, long overlappedOffset) {
    return lastCompletion.getOrDefault(block, Map.of()).get(overlappedOffset);
  }

  void bytesOutParamRead(IoRequest op) {
    violation(
        ViolationKind.BYTES_OUT_PARAM_OF_PENDING_OPERATION,
        "the bytes-transferred out-parameter was read, but the operation went pending and the"
            + " kernel never fills it in; use GetOverlappedResult or the completion's count",
        op,
        null);
  }

  /** GetOverlappedResult's wait ended, but the operation behind the OVERLAPPED is still pending. */
  void resultBeforeCompletion(Pointer overlapped, KObject waitedOn) {
    for (IoRequest r : pending) {
      if (r.overlapped == overlapped.block && r.overlappedOffset == overlapped.offset) {
        violation(
            ViolationKind.RESULT_BEFORE_COMPLETION,
            "GetOverlappedResult waited on "
                + waitedOn.describe()
                + ", which another completion signalled, and reported a result while this"
                + " operation is still pending",
            r,
            null);
        return;
      }
    }
  }

  private boolean hasAccess(FileObject f, IoKind kind) {
    int needed = kind == IoKind.READ ? WinBase.GENERIC_READ : WinBase.GENERIC_WRITE;
    return kind == IoKind.CONNECT || (f.access & needed) != 0;
  }

  /**
   * ReadFile, WriteFile, ReadFileEx, WriteFileEx and ConnectNamedPipe, after JNA marshalling.
   * Returns the BOOL result and sets the thread's last error.
   */
  boolean startIo(
      IoKind kind,
      HANDLE handle,
      Pointer buffer,
      int length,
      IntByReference bytesOut,
      Pointer overlapped,
      OVERLAPPED_COMPLETION_ROUTINE routine,
      String api) {
    SimThread self = running;
    FileObject f = object(handle, FileObject.class);
    if (f == null) {
      return fail(WinError.ERROR_INVALID_HANDLE);
    }
    if (kind == IoKind.CONNECT && !(f.device instanceof PipeEnd end && end.server)) {
      return fail(WinError.ERROR_INVALID_HANDLE);
    }
    if (routine != null && !f.overlapped) {
      return fail(WinError.ERROR_INVALID_PARAMETER);
    }
    if (f.overlapped && overlapped == null) {
      if (f.device.seeking()) {
        violation(
            ViolationKind.NULL_OVERLAPPED_ON_ASYNC_HANDLE,
            api + " on " + f.describe() + " without an OVERLAPPED: the call fails",
            null,
            null);
        return fail(WinError.ERROR_INVALID_PARAMETER);
      }
      violation(
          ViolationKind.NULL_OVERLAPPED_ON_ASYNC_HANDLE,
          api
              + " on "
              + f.describe()
              + " without an OVERLAPPED: kernel32 waits on the file handle, which any other"
              + " operation's completion signals too",
          null,
          null);
      // What kernel32 does: an I/O status block on its own stack, then a wait on the handle.
      Block status = allocate(OVERLAPPED.SIZE, BlockKind.STACK, "kernel32's I/O status block");
      try {
        return startIo(
            kind, handle, buffer, length, bytesOut, new Pointer(this, status, 0), routine, api);
      } finally {
        free(status, api);
      }
    }
    if (!hasAccess(f, kind)) {
      return fail(WinError.ERROR_ACCESS_DENIED);
    }
    if (length < 0 || (buffer != null && buffer.offset + length > buffer.block.data.length)) {
      return fail(WinError.ERROR_INVALID_PARAMETER);
    }
    if (bytesOut != null) {
      bytesOut.kernelSet(0, null);
    }
    long offset = 0;
    if (f.device.seeking()) {
      if (overlapped != null) {
        byte[] ov = overlapped.block.data;
        long low = decodeInt(ov, (int) overlapped.offset + 16) & 0xFFFFFFFFL;
        long high = decodeInt(ov, (int) overlapped.offset + 20) & 0xFFFFFFFFL;
        offset = (high << 32) | low;
      } else {
        offset = f.filePointer;
      }
    }
    IoRequest r = new IoRequest(kind, f, buffer, length, offset, overlapped, routine, api);
    // Offset and OffsetHigh both 0xFFFFFFFF: a write at the end of the file.
    r.append = kind == IoKind.WRITE && f.device.seeking() && offset == -1L;
    checkIssue(r);
    if (overlapped != null) {
      kernelWrite(
          r.overlapped,
          r.overlappedOffset,
          encodeLong(WinError.STATUS_PENDING),
          r,
          "the pending status");
      r.overlapped.unreadStatus.remove(r.overlappedOffset);
      r.event = routine == null ? decodeLong(r.overlapped.data, (int) r.overlappedOffset + 24) : 0;
      EventObject event = eventByValue(r.event & ~1L);
      if (event != null) {
        event.state = false;
      }
    }
    f.signaled = false;

    int failure = immediateFailure(r);
    if (failure != WinError.ERROR_SUCCESS) {
      // Nothing started: no completion of any kind will ever come for this request.
      return fail(failure);
    }
    if (completable(r) && policy.completesSynchronously(info(r))) {
      complete(r, true);
      if (!WinError.isSuccess(r.status)) {
        return fail(WinError.toWin32(r.status));
      }
      if (bytesOut != null) {
        bytesOut.kernelSet(r.bytes, null);
      }
      self.lastError = WinError.ERROR_SUCCESS;
      return true;
    }
    pending.add(r);
    if (f.overlapped) {
      if (bytesOut != null) {
        bytesOut.kernelSet(0, r);
      }
      if (routine != null) {
        self.lastError = WinError.ERROR_SUCCESS;
        return true;
      }
      if (r.overlapped.kind == BlockKind.STACK) {
        return waitOnHandleLikeKernel32(r, bytesOut);
      }
      return fail(WinError.ERROR_IO_PENDING);
    }
    // A synchronous handle: the call blocks until the request completes.
    self.blockedSyncIo = r;
    WaitOutcome outcome;
    try {
      outcome = block(new Wait("the synchronous " + api + " #" + r.id, () -> r.completed), -1);
    } finally {
      self.blockedSyncIo = null;
    }
    if (outcome == WaitOutcome.DEADLOCK) {
      pending.remove(r);
      r.completed = true;
      r.status = WinError.STATUS_CANCELLED;
      return fail(WinError.ERROR_POSSIBLE_DEADLOCK);
    }
    if (!WinError.isSuccess(r.status)) {
      return fail(WinError.toWin32(r.status));
    }
    if (bytesOut != null) {
      bytesOut.kernelSet(r.bytes, null);
    }
    self.lastError = WinError.ERROR_SUCCESS;
    return true;
  }

  /**
   * kernel32's handling of a pending call without an OVERLAPPED: wait on the file handle, then
   * report whatever its stack status block holds, even if another operation signalled the handle.
   */
  private boolean waitOnHandleLikeKernel32(IoRequest r, IntByReference bytesOut) {
    FileObject f = r.file;
    Wait wait = new Wait("completion, by " + f.describe(), () -> f.signaled);
    if (block(wait, -1) == WaitOutcome.DEADLOCK) {
      return fail(WinError.ERROR_POSSIBLE_DEADLOCK);
    }
    if (!r.completed) {
      violation(
          ViolationKind.RESULT_BEFORE_COMPLETION,
          r.api
              + " waited on "
              + f.describe()
              + ", which another completion signalled, and returned while this operation is"
              + " still pending",
          r,
          null);
    }
    long status = decodeLong(r.overlapped.data, (int) r.overlappedOffset);
    int count = (int) decodeLong(r.overlapped.data, (int) r.overlappedOffset + 8);
    if (!WinError.isSuccess(status)) {
      return fail(WinError.toWin32(status));
    }
    if (bytesOut != null) {
      bytesOut.kernelSet(count, null);
    }
    running.lastError = WinError.ERROR_SUCCESS;
    return true;
  }

  /** The sanitizer checks made when a request is issued. */
  private void checkIssue(IoRequest r) {
    FileObject f = r.file;
    if (f.overlapped && f.device.seeking() && r.kind != IoKind.CONNECT) {
      if (f.ignoredFilePointer != null && f.ignoredFilePointer != r.fileOffset) {
        violation(
            ViolationKind.FILE_POINTER_IGNORED,
            "the file pointer was set to "
                + f.ignoredFilePointer
                + ", but an asynchronous handle has no file pointer: this operation used the"
                + " OVERLAPPED's offset "
                + r.fileOffset,
            r,
            null);
      }
      f.ignoredFilePointer = null;
      long[] last = f.lastTransfer.get(r.kind);
      if (!r.append && last != null && last[0] == r.fileOffset && last[1] > 0) {
        violation(
            ViolationKind.OFFSET_NOT_ADVANCED,
            "this operation uses offset "
                + r.fileOffset
                + " again, where the previous one transferred "
                + last[1]
                + " bytes: the OVERLAPPED's offset was not advanced",
            r,
            null);
      }
    }
    for (IoRequest p : pending) {
      if (r.overlapped != null
          && p.overlapped == r.overlapped
          && p.overlappedOffset == r.overlappedOffset) {
        violation(
            ViolationKind.OVERLAPPED_REUSED_WHILE_PENDING,
            "an OVERLAPPED was passed to a new operation while request #" + p.id + " is pending",
            r,
            r.overlapped);
        break;
      }
      boolean conflict =
          (r.kind == IoKind.READ || p.kind == IoKind.READ)
              && r.buffer != null
              && p.buffer == r.buffer
              && overlaps(r.bufferOffset, r.length, p.bufferOffset, p.length);
      if (conflict) {
        violation(
            ViolationKind.BUFFER_REUSED_WHILE_PENDING,
            "a buffer was passed to a new operation while request #" + p.id + " still uses it",
            r,
            r.buffer);
        break;
      }
    }
  }

  private int immediateFailure(IoRequest r) {
    if (r.file.device instanceof DiskFile d) {
      if (r.fileOffset < 0 && !r.append) {
        return WinError.ERROR_INVALID_PARAMETER;
      }
      // With an OVERLAPPED (any handle) a read at the end of the file fails; without, it is 0.
      boolean eofFails = r.file.overlapped || r.overlapped != null;
      if (r.kind == IoKind.READ && eofFails && r.fileOffset >= d.length && r.length > 0) {
        return WinError.ERROR_HANDLE_EOF;
      }
      return WinError.ERROR_SUCCESS;
    }
    PipeEnd end = (PipeEnd) r.file.device;
    if (r.kind == IoKind.CONNECT) {
      if (end.pipe.clientClosed) {
        return WinError.ERROR_NO_DATA;
      }
      return end.connected() ? WinError.ERROR_PIPE_CONNECTED : WinError.ERROR_SUCCESS;
    }
    if (!end.connected()) {
      return WinError.ERROR_PIPE_LISTENING;
    }
    if (end.peerClosed() && r.kind == IoKind.WRITE) {
      return WinError.ERROR_NO_DATA;
    }
    if (end.peerClosed() && end.inbound().isEmpty()) {
      return WinError.ERROR_BROKEN_PIPE;
    }
    return WinError.ERROR_SUCCESS;
  }

  private boolean completable(IoRequest r) {
    if (r.cancelled || r.file.device instanceof DiskFile) {
      return true;
    }
    PipeEnd end = (PipeEnd) r.file.device;
    return switch (r.kind) {
      case CONNECT -> end.connected();
      case READ -> !end.inbound().isEmpty() || end.peerClosed() || r.length == 0;
      case WRITE -> true;
    };
  }

  private long nextSequence = 1;

  private IoRequestInfo info(IoRequest r) {
    boolean cached =
        r.file.device instanceof DiskFile d
            ? d.cached(r.fileOffset, r.length)
            : !((PipeEnd) r.file.device).inbound().isEmpty();
    return new IoRequestInfo(
        r.kind == IoKind.READ ? IoRequestInfo.Kind.READ : IoRequestInfo.Kind.WRITE,
        r.file.device.name(),
        r.file.device.seeking(),
        r.fileOffset,
        r.length,
        cached,
        nextSequence++);
  }

  /** The device finishes the request: data moves now, then every notification is delivered. */
  private void complete(IoRequest r, boolean synchronous) {
    pending.remove(r);
    r.completed = true;
    r.synchronous = synchronous;
    if (r.cancelled) {
      r.status = WinError.STATUS_CANCELLED;
      r.bytes = 0;
    } else {
      transfer(r);
    }
    FileObject f = r.file;
    if (r.status == WinError.STATUS_SUCCESS && f.device.seeking() && r.kind != IoKind.CONNECT) {
      f.lastTransfer.put(r.kind, new long[] {r.fileOffset, r.bytes});
      if (!f.overlapped) {
        f.filePointer = r.fileOffset + r.bytes;
      }
    }
    deliver(r, true);
  }

  private void transfer(IoRequest r) {
    r.status = WinError.STATUS_SUCCESS;
    if (r.kind == IoKind.CONNECT) {
      r.bytes = 0;
      return;
    }
    if (r.file.device instanceof DiskFile d) {
      if (r.kind == IoKind.READ) {
        long available = Math.max(0, d.length - r.fileOffset);
        int count = (int) Math.min(r.length, available);
        if (count == 0 && r.length > 0 && (r.file.overlapped || r.overlapped != null)) {
          r.status = WinError.STATUS_END_OF_FILE;
        } else {
          kernelWrite(r.buffer, r.bufferOffset, d.read(r.fileOffset, count), r, "the data read");
        }
        r.bytes = count;
      } else {
        byte[] data =
            r.length == 0 ? new byte[0] : kernelRead(r.buffer, r.bufferOffset, r.length, r);
        if (r.append) {
          r.fileOffset = d.length;
        }
        d.write(r.fileOffset, data);
        r.bytes = r.length;
      }
      return;
    }
    PipeEnd end = (PipeEnd) r.file.device;
    if (r.kind == IoKind.READ) {
      ArrayDeque<Byte> in = end.inbound();
      if (in.isEmpty() && r.length > 0) {
        r.status = WinError.STATUS_PIPE_BROKEN;
        r.bytes = 0;
        return;
      }
      int count = Math.min(r.length, in.size());
      byte[] data = new byte[count];
      for (int i = 0; i < count; i++) {
        data[i] = in.removeFirst();
      }
      if (count > 0) {
        kernelWrite(r.buffer, r.bufferOffset, data, r, "the data read");
      }
      r.bytes = count;
    } else {
      if (end.peerClosed()) {
        r.status = WinError.STATUS_PIPE_CLOSING;
        r.bytes = 0;
        return;
      }
      byte[] data = r.length == 0 ? new byte[0] : kernelRead(r.buffer, r.bufferOffset, r.length, r);
      for (byte b : data) {
        end.outbound().addLast(b);
      }
      r.bytes = r.length;
    }
  }

  /**
   * Completion notification, the same whether the call returned TRUE or went pending: status in the
   * OVERLAPPED, its event, the file handle, the completion routine, the port.
   */
  private void deliver(IoRequest r, boolean notify) {
    if (r.overlapped != null) {
      kernelWrite(
          r.overlapped, r.overlappedOffset, encodeLong(r.status), r, "the completion status");
      kernelWrite(r.overlapped, r.overlappedOffset + 8, encodeLong(r.bytes), r, "the byte count");
      r.overlapped.unreadStatus.add(r.overlappedOffset);
      lastCompletion.computeIfAbsent(r.overlapped, b -> new HashMap<>()).put(r.overlappedOffset, r);
    }
    if (!notify) {
      return;
    }
    EventObject event = eventByValue(r.event & ~1L);
    if (event != null) {
      event.state = true;
    }
    FileObject f = r.file;
    if (!f.skipSetEventOnHandle) {
      f.signaled = true;
    }
    if (r.routine != null) {
      r.issuer.apcs.addLast(
          new Apc(r.routine, WinError.toWin32(r.status), r.bytes, r.overlappedPointer(), r));
      return;
    }
    boolean skipped = r.synchronous && r.status == WinError.STATUS_SUCCESS && f.skipPortOnSuccess;
    if (f.port != null && !skipped && (r.event & 1L) == 0 && r.overlapped != null) {
      post(f.port, new Packet(r.bytes, f.key, r.overlappedPointer(), r.status, f, r.describe()));
    }
  }

  void post(PortObject port, Packet packet) {
    if (port.closed) {
      violation(
          ViolationKind.COMPLETION_PACKET_NEVER_DEQUEUED,
          "a completion packet was queued to a closed port: " + packet.origin,
          null,
          null);
      return;
    }
    port.packets.addLast(packet);
  }

  /** Completes the request the device would finish next, if any can finish. */
  boolean advanceOne() {
    IoRequest next = null;
    for (IoRequest r : pending) {
      if (r.cancelled) {
        next = r;
        break;
      }
    }
    if (next == null) {
      for (IoRequest r : pending) {
        if (completable(r)) {
          next = r;
          break;
        }
      }
    }
    if (next == null) {
      return false;
    }
    complete(next, false);
    return true;
  }

  boolean cancel(FileObject f, SimThread onlyIssuer, Block overlapped, long overlappedOffset) {
    boolean any = false;
    for (IoRequest r : pending) {
      boolean matches =
          r.file == f
              && (onlyIssuer == null || r.issuer == onlyIssuer)
              && (overlapped == null
                  || (r.overlapped == overlapped && r.overlappedOffset == overlappedOffset));
      if (matches) {
        r.cancelled = true;
        any = true;
      }
    }
    return any;
  }

  boolean cancelSynchronousIo(SimThread target) {
    IoRequest r = target.blockedSyncIo;
    if (r == null || r.completed) {
      return false;
    }
    r.cancelled = true;
    complete(r, false);
    return true;
  }

  void closeFile(FileObject f) {
    List<IoRequest> mine = new ArrayList<>();
    for (IoRequest r : pending) {
      if (r.file == f) {
        mine.add(r);
      }
    }
    if (!mine.isEmpty()) {
      violation(
          ViolationKind.HANDLE_CLOSED_WITH_PENDING_IO,
          f.describe() + " was closed with " + mine.size() + " operation(s) pending; they abort",
          mine.get(0),
          null);
      for (IoRequest r : mine) {
        r.cancelled = true;
      }
    }
    f.closed = true;
    if (f.device instanceof PipeEnd end) {
      if (end.server) {
        end.pipe.serverClosed = true;
      } else {
        end.pipe.clientClosed = true;
      }
    }
  }

  void closePort(PortObject port) {
    for (Packet p : port.packets) {
      violation(
          ViolationKind.COMPLETION_PACKET_NEVER_DEQUEUED,
          "the port was closed with a packet nobody dequeued: " + p.origin,
          null,
          null);
    }
    port.packets.clear();
    port.closed = true;
  }

  void closeHandle(KObject o) {
    handles.remove(o.handle);
    if (o instanceof FileObject f) {
      closeFile(f);
    } else if (o instanceof PortObject port) {
      closePort(port);
    } else {
      o.closed = true;
    }
  }

  boolean fail(int error) {
    running.lastError = error;
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Threads and scheduling

  enum ThreadState {
    READY,
    RUNNING,
    BLOCKED,
    FINISHED
  }

  enum WaitOutcome {
    READY,
    TIMEOUT,
    IO_COMPLETION,
    DEADLOCK
  }

  /** Thrown into a simulated thread that shutdown ends while it waits. */
  static final class ThreadTerminated extends Error {
    private static final long serialVersionUID = 1L;

    ThreadTerminated() {
      super("simulated thread terminated at shutdown", null, false, false);
    }
  }

  /** A condition a blocked thread waits for; {@code ready} must not change anything. */
  static final class Wait {
    final String what;
    final BooleanSupplier ready;
    final Runnable consume;
    final boolean alertable;

    Wait(String what, BooleanSupplier ready) {
      this(what, ready, () -> {}, false);
    }

    Wait(String what, BooleanSupplier ready, Runnable consume, boolean alertable) {
      this.what = what;
      this.ready = ready;
      this.consume = consume;
      this.alertable = alertable;
    }
  }

  static final class Apc {
    final OVERLAPPED_COMPLETION_ROUTINE routine;
    final int error;
    final int bytes;
    final Pointer overlapped;
    final IoRequest origin;

    Apc(
        OVERLAPPED_COMPLETION_ROUTINE routine,
        int error,
        int bytes,
        Pointer overlapped,
        IoRequest origin) {
      this.routine = routine;
      this.error = error;
      this.bytes = bytes;
      this.overlapped = overlapped;
      this.origin = origin;
    }
  }

  static final class SimThread extends KObject {
    final Machine machine;
    final int id;
    final String name;
    final boolean poolWorker;
    final Semaphore baton = new Semaphore(0);
    final ArrayDeque<Apc> apcs = new ArrayDeque<>();
    Thread javaThread;
    ThreadState state = ThreadState.READY;
    Wait wait;
    long deadline = Long.MAX_VALUE;
    boolean timedOut;
    boolean deadlocked;
    boolean terminate;
    boolean quiescing;
    int lastError;
    IoRequest blockedSyncIo;
    Throwable failure;

    SimThread(Machine machine, int id, String name, boolean poolWorker) {
      this.machine = machine;
      this.id = id;
      this.name = name;
      this.poolWorker = poolWorker;
    }

    @Override
    boolean signaled() {
      return state == ThreadState.FINISHED;
    }

    @Override
    String describe() {
      return "thread '" + name + "'";
    }

    boolean canRun() {
      return switch (state) {
        case READY -> true;
        case BLOCKED ->
            !quiescing
                && (terminate
                    || timedOut
                    || deadlocked
                    || (wait.alertable && !apcs.isEmpty())
                    || wait.ready.getAsBoolean());
        case RUNNING, FINISHED -> false;
      };
    }
  }

  private final SimThread main;
  private SimThread running;
  private int nextThreadId = 1;
  private final List<SimThread> threads = new ArrayList<>();
  private final Map<Thread, SimThread> byJavaThread = new HashMap<>();
  private long clock;
  private boolean shuttingDown;
  private boolean shutDown;

  private void register(SimThread t) {
    threads.add(t);
    byJavaThread.put(t.javaThread, t);
  }

  SimThread runningThread() {
    return running;
  }

  SimThread thread(HANDLE h) {
    return object(h, SimThread.class);
  }

  HANDLE startThread(String name, Runnable body, boolean poolWorker) {
    SimThread t = new SimThread(this, nextThreadId++, name, poolWorker);
    Thread java = new Thread(() -> threadMain(t, body), "sim-" + name);
    java.setDaemon(true);
    t.javaThread = java;
    register(t);
    HANDLE h = newHandle(t);
    java.start();
    return h;
  }

  private void threadMain(SimThread self, Runnable body) {
    self.baton.acquireUninterruptibly();
    try {
      if (!self.terminate) {
        self.state = ThreadState.RUNNING;
        body.run();
      }
    } catch (ThreadTerminated ended) {
      // Shutdown ended the thread while it waited, as process exit would.
    } catch (Throwable t) {
      self.failure = t;
    } finally {
      self.state = ThreadState.FINISHED;
      cancelOnThreadExit(self);
      if (self.terminate) {
        give(main);
      } else {
        handOffAtExit(self);
      }
    }
  }

  /**
   * When a thread ends, the system cancels the I/O it issued, except on handles bound to a
   * completion port (that I/O is not tied to the thread).
   */
  private void cancelOnThreadExit(SimThread self) {
    for (IoRequest r : pending) {
      if (r.issuer == self && r.file.port == null) {
        r.cancelled = true;
      }
    }
  }

  /** The baton leaves an ending thread: to a thread that can run, or whatever makes progress. */
  private void handOffAtExit(SimThread self) {
    while (true) {
      SimThread next = nextRunnable(self);
      if (next != null) {
        give(next);
        return;
      }
      if (!shuttingDown && advanceOne()) {
        continue;
      }
      if (shuttingDown) {
        give(main);
        return;
      }
      SimThread timed = earliestTimedWaiter();
      if (timed != null) {
        clock = Math.max(clock, timed.deadline);
        timed.timedOut = true;
        give(timed);
        return;
      }
      SimThread victim = victim(null);
      victim.deadlocked = true;
      give(victim);
      return;
    }
  }

  private void give(SimThread next) {
    running = next;
    next.baton.release();
  }

  private void switchTo(SimThread self, SimThread next) {
    give(next);
    self.baton.acquireUninterruptibly();
  }

  private SimThread nextRunnable(SimThread self) {
    int n = threads.size();
    int start = threads.indexOf(self);
    for (int i = 1; i <= n; i++) {
      SimThread t = threads.get((start + i) % n);
      if (t != self && t.canRun()) {
        return t;
      }
    }
    return null;
  }

  private SimThread earliestTimedWaiter() {
    SimThread best = null;
    for (SimThread t : threads) {
      if (t.state == ThreadState.BLOCKED
          && !t.quiescing
          && t.deadline != Long.MAX_VALUE
          && (best == null || t.deadline < best.deadline)) {
        best = t;
      }
    }
    return best;
  }

  /** Which blocked thread learns that its wait is hopeless: never an idle pool worker. */
  private SimThread victim(SimThread self) {
    if (self != null && !self.poolWorker) {
      return self;
    }
    for (SimThread t : threads) {
      if (t.state == ThreadState.BLOCKED && !t.poolWorker && !t.quiescing) {
        return t;
      }
    }
    return self != null ? self : main;
  }

  /**
   * Blocks the running thread until {@code wait} is ready, the timeout (ms, -1 for INFINITE)
   * passes, an APC arrives during an alertable wait, or nothing can ever satisfy it.
   */
  WaitOutcome block(Wait wait, long timeoutMillis) {
    SimThread self = running;
    // As in the kernel: a signalled object satisfies the wait before queued routines are run.
    if (wait.ready.getAsBoolean()) {
      wait.consume.run();
      return WaitOutcome.READY;
    }
    if (wait.alertable && !self.apcs.isEmpty()) {
      runApcs(self);
      return WaitOutcome.IO_COMPLETION;
    }
    if (timeoutMillis == 0) {
      return WaitOutcome.TIMEOUT;
    }
    self.state = ThreadState.BLOCKED;
    self.wait = wait;
    self.deadline = timeoutMillis < 0 ? Long.MAX_VALUE : clock + timeoutMillis;
    WaitOutcome outcome;
    try {
      outcome = waitLoop(self, wait);
    } finally {
      self.state = ThreadState.RUNNING;
      self.wait = null;
      self.deadline = Long.MAX_VALUE;
      self.timedOut = false;
      self.deadlocked = false;
    }
    if (outcome == WaitOutcome.IO_COMPLETION) {
      runApcs(self);
    } else if (outcome == WaitOutcome.READY) {
      wait.consume.run();
    } else if (outcome == WaitOutcome.DEADLOCK) {
      violation(
          ViolationKind.UNSATISFIABLE_WAIT,
          self.name
              + " waits for "
              + wait.what
              + ", but no pending operation, event or thread can ever satisfy it",
          null,
          null);
    }
    return outcome;
  }

  private WaitOutcome waitLoop(SimThread self, Wait wait) {
    while (true) {
      if (self.terminate) {
        throw new ThreadTerminated();
      }
      if (wait.ready.getAsBoolean()) {
        return WaitOutcome.READY;
      }
      if (wait.alertable && !self.apcs.isEmpty()) {
        return WaitOutcome.IO_COMPLETION;
      }
      if (self.timedOut) {
        return WaitOutcome.TIMEOUT;
      }
      if (self.deadlocked) {
        return WaitOutcome.DEADLOCK;
      }
      makeProgress(self);
    }
  }

  private void makeProgress(SimThread self) {
    SimThread next = nextRunnable(self);
    if (next != null) {
      switchTo(self, next);
      return;
    }
    if (advanceOne()) {
      return;
    }
    if (shuttingDown) {
      switchTo(self, main);
      return;
    }
    SimThread timed = earliestTimedWaiter();
    if (timed != null) {
      clock = Math.max(clock, timed.deadline);
      timed.timedOut = true;
      if (timed != self) {
        switchTo(self, timed);
      }
      return;
    }
    SimThread victim = victim(self);
    victim.deadlocked = true;
    if (victim != self) {
      switchTo(self, victim);
    }
  }

  private void runApcs(SimThread self) {
    while (!self.apcs.isEmpty()) {
      Apc apc = self.apcs.removeFirst();
      apc.routine.callback(apc.error, apc.bytes, apc.overlapped);
    }
  }

  /** Lets every other thread run, and the device finish, until nothing more can happen. */
  void yieldTo() {
    SimThread self = running;
    SimThread next = nextRunnable(self);
    if (next != null) {
      self.state = ThreadState.READY;
      switchTo(self, next);
      self.state = ThreadState.RUNNING;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Thread pool (BindIoCompletionCallback)

  private PortObject poolPort;

  PortObject poolPort() {
    if (poolPort == null) {
      poolPort = new PortObject();
      newHandle(poolPort);
      startThread("pool-worker", this::poolWorker, true);
    }
    return poolPort;
  }

  private void poolWorker() {
    PortObject port = poolPort;
    while (true) {
      WaitOutcome outcome =
          block(new Wait("thread-pool completions", () -> !port.packets.isEmpty()), -1);
      if (outcome != WaitOutcome.READY) {
        return;
      }
      Packet p = port.packets.removeFirst();
      if (p.source != null && p.source.poolCallback != null) {
        p.source.poolCallback.callback(WinError.toWin32(p.status), p.bytes, p.overlapped);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Shutdown

  /**
   * Lets the program's threads and the device finish, then reports what is left: packets nobody
   * dequeued, routines that never ran, operations still pending (the kernel still completes them,
   * into whatever memory they name), and leaked memory. Ends every simulated thread.
   */
  List<Violation> shutdown() {
    SimThread self = current();
    if (self != main) {
      throw new IllegalStateException(
          "only the thread that created the simulation can shut it down");
    }
    shuttingDown = true;
    main.state = ThreadState.BLOCKED;
    main.quiescing = true;
    main.wait = new Wait("shutdown", () -> false);
    try {
      while (true) {
        SimThread next = nextRunnable(main);
        if (next != null) {
          switchTo(main, next);
          continue;
        }
        if (!advanceOne()) {
          break;
        }
      }
    } finally {
      main.state = ThreadState.RUNNING;
      main.quiescing = false;
      main.wait = null;
    }
    for (KObject o : allPorts()) {
      for (Packet p : ((PortObject) o).packets) {
        violation(
            ViolationKind.COMPLETION_PACKET_NEVER_DEQUEUED,
            "a completion packet was never dequeued: " + p.origin,
            null,
            null);
      }
    }
    for (SimThread t : threads) {
      for (Apc apc : t.apcs) {
        violation(
            ViolationKind.COMPLETION_ROUTINE_NEVER_RAN,
            "the completion routine of this operation never ran: "
                + t.name
                + " never waited alertably after it completed",
            apc.origin,
            null);
      }
    }
    for (IoRequest r : List.copyOf(pending)) {
      violation(
          ViolationKind.OPERATION_PENDING_AT_SHUTDOWN,
          "an operation was still pending at shutdown",
          r,
          null);
      r.cancelled = true;
      pending.remove(r);
      r.completed = true;
      r.status = WinError.STATUS_CANCELLED;
      deliver(r, false);
    }
    for (Block b : liveBlocks) {
      if (b.kind == BlockKind.HEAP || b.kind == BlockKind.ARENA) {
        violation(ViolationKind.LEAKED_MEMORY, b.label + " was never freed", null, b);
      }
    }
    for (SimThread t : threads) {
      if (t != main && t.state != ThreadState.FINISHED) {
        t.terminate = true;
        switchTo(main, t);
      }
    }
    shutDown = true;
    for (SimThread t : threads) {
      if (t.failure != null) {
        if (t.failure instanceof RuntimeException) {
          throw (RuntimeException) t.failure;
        }
        if (t.failure instanceof Error) {
          throw (Error) t.failure;
        }
        throw new IllegalStateException("simulated thread " + t.name + " failed", t.failure);
      }
    }
    return violations();
  }

  private List<KObject> allPorts() {
    Map<Long, KObject> ports = new LinkedHashMap<>();
    for (KObject o : handles.values()) {
      if (o instanceof PortObject) {
        ports.put(o.handle, o);
      }
    }
    if (poolPort != null) {
      ports.put(poolPort.handle, poolPort);
    }
    List<KObject> out = new ArrayList<>(ports.values());
    for (Iterator<KObject> it = out.iterator(); it.hasNext(); ) {
      if (((PortObject) it.next()).closed) {
        it.remove();
      }
    }
    return out;
  }

  boolean isShutDown() {
    return shutDown;
  }

  long clock() {
    return clock;
  }
}
