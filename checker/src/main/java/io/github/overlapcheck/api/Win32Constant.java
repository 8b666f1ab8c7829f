package io.github.overlapcheck.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Win32 constants the analysis needs, known by name and by value: code may spell a flag as
 * {@code WinNT.FILE_FLAG_OVERLAPPED}, as its own constant of the same name, or as the literal
 * {@code 0x40000000}. Values are the ones in the Windows SDK headers.
 */
public enum Win32Constant {
  FILE_FLAG_OVERLAPPED(0x40000000L),
  FILE_SKIP_COMPLETION_PORT_ON_SUCCESS(0x1L),
  FILE_SKIP_SET_EVENT_ON_HANDLE(0x2L),
  INFINITE(0xFFFFFFFFL),
  WAIT_OBJECT_0(0x0L),
  WAIT_IO_COMPLETION(0xC0L),
  WAIT_TIMEOUT(0x102L),
  WAIT_FAILED(0xFFFFFFFFL),
  ERROR_SUCCESS(0L),
  ERROR_HANDLE_EOF(38L),
  ERROR_INVALID_PARAMETER(87L),
  ERROR_BROKEN_PIPE(109L),
  ERROR_PIPE_CONNECTED(535L),
  ERROR_PIPE_LISTENING(536L),
  ERROR_OPERATION_ABORTED(995L),
  ERROR_IO_INCOMPLETE(996L),
  ERROR_IO_PENDING(997L),
  ERROR_NOT_FOUND(1168L),
  STATUS_PENDING(0x103L);

  private static final Map<String, Win32Constant> BY_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

  private final long value;

  Win32Constant(long value) {
    this.value = value;
  }

  /** The value as an unsigned 32-bit quantity. */
  public long value() {
    return value;
  }

  /** Whether {@code candidate}, read as a Java int or long constant, is this constant's value. */
  public boolean matches(long candidate) {
    return (candidate & 0xFFFFFFFFL) == value && (candidate >>> 32 == 0 || candidate >> 32 == -1);
  }

  public static Optional<Win32Constant> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }
}
