package io.github.overlapcheck.api;

/**
 * The kind of a parameter or argument type, as far as binding and the analysis care. Front ends
 * classify types (javac with symbols, the scanner with the symbol solver or by name).
 */
public enum TypeShape {
  /** int, long, short, byte, char. */
  INTEGRAL,
  BOOLEAN,
  /** A Java byte[]: JNA copies it to temporary native memory for the call. */
  BYTE_ARRAY,
  /** Another Java array (char[], int[], HANDLE[]). */
  OTHER_ARRAY,
  /** A java.nio.ByteBuffer (heap or direct unknown). */
  BYTE_BUFFER,
  /** A JNA Structure (passed by value with automatic write-back and read). */
  STRUCTURE,
  /** Native memory: JNA Pointer/Memory, FFM MemorySegment, the runtime's Pointer. */
  POINTER,
  /** A handle type (WinNT.HANDLE and subclasses, the runtime's HANDLE). */
  HANDLE,
  /** An out-parameter holder (IntByReference, PointerByReference, ...). */
  BY_REFERENCE,
  STRING,
  /** Any other reference type (callbacks, user classes). */
  OBJECT,
  /** Unknown: no type information. */
  UNKNOWN;

  boolean fits(Role role) {
    if (this == UNKNOWN) {
      return true;
    }
    return switch (role) {
      case HANDLE, PORT -> this == HANDLE || this == POINTER || this == INTEGRAL;
      case BUFFER ->
          this == BYTE_ARRAY
              || this == OTHER_ARRAY
              || this == BYTE_BUFFER
              || this == POINTER
              || this == STRUCTURE;
      case OVERLAPPED -> this == STRUCTURE || this == POINTER;
      case LENGTH, TIMEOUT, FLAGS, CREATION -> this == INTEGRAL;
      case BYTES_TRANSFERRED -> this == BY_REFERENCE || this == OTHER_ARRAY || this == POINTER;
      case WAIT_FLAG, ALERTABLE -> this == BOOLEAN || this == INTEGRAL;
      case PATH -> this == STRING || this == POINTER || this == OTHER_ARRAY || this == OBJECT;
      case HANDLES -> this == OTHER_ARRAY || this == POINTER;
      case FREED -> this == POINTER || this == INTEGRAL || this == HANDLE;
      case KEY -> this != BOOLEAN;
      case ROUTINE -> this != INTEGRAL && this != BOOLEAN;
      case OTHER -> true;
    };
  }
}
