package io.github.overlapcheck.analysis;

/** Where a buffer or OVERLAPPED lives, which decides how long it lives. */
public enum Storage {
  /** A Structure or JNA Memory object created in this method: reclaimed when unreachable. */
  LOCAL_OBJECT,
  /** Memory from an arena (FFM, or the runtime's stand-in for a C stack frame). */
  ARENA,
  /** Explicitly allocated native memory (LocalAlloc and the like): lives until freed. */
  NATIVE_HEAP,
  /** A Java array: JNA copies it to temporary memory for each call. */
  JAVA_ARRAY,
  /** A heap ByteBuffer: copied like an array. */
  HEAP_BUFFER,
  /** Reached through a field, or a parameter: its owner is elsewhere. */
  ELSEWHERE,
  UNKNOWN;

  Storage join(Storage other) {
    return this == other ? this : UNKNOWN;
  }
}
