package io.github.overlapcheck.api;

import static io.github.overlapcheck.api.Role.ALERTABLE;
import static io.github.overlapcheck.api.Role.BUFFER;
import static io.github.overlapcheck.api.Role.BYTES_TRANSFERRED;
import static io.github.overlapcheck.api.Role.CREATION;
import static io.github.overlapcheck.api.Role.FLAGS;
import static io.github.overlapcheck.api.Role.FREED;
import static io.github.overlapcheck.api.Role.HANDLE;
import static io.github.overlapcheck.api.Role.HANDLES;
import static io.github.overlapcheck.api.Role.KEY;
import static io.github.overlapcheck.api.Role.LENGTH;
import static io.github.overlapcheck.api.Role.OTHER;
import static io.github.overlapcheck.api.Role.OVERLAPPED;
import static io.github.overlapcheck.api.Role.PATH;
import static io.github.overlapcheck.api.Role.PORT;
import static io.github.overlapcheck.api.Role.ROUTINE;
import static io.github.overlapcheck.api.Role.TIMEOUT;
import static io.github.overlapcheck.api.Role.WAIT_FLAG;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Win32 functions the analysis models: the operation each stands for and the role of each
 * parameter, in Win32 order. Bindings (JNA interfaces, direct mapping, wrappers, the reference
 * runtime, FFM) are matched against this table by name and parameter shape.
 */
public enum Win32Function {
  CreateFile(Operation.OPEN_FILE, true, PATH, OTHER, OTHER, OTHER, CREATION, FLAGS, OTHER),
  CreateNamedPipe(Operation.OPEN_PIPE, true, PATH, FLAGS, OTHER, OTHER, OTHER, OTHER, OTHER, OTHER),
  ConnectNamedPipe(Operation.CONNECT_PIPE, false, HANDLE, OVERLAPPED),
  ReadFile(Operation.READ, false, HANDLE, BUFFER, LENGTH, BYTES_TRANSFERRED, OVERLAPPED),
  WriteFile(Operation.WRITE, false, HANDLE, BUFFER, LENGTH, BYTES_TRANSFERRED, OVERLAPPED),
  ReadFileEx(Operation.READ_EX, false, HANDLE, BUFFER, LENGTH, OVERLAPPED, ROUTINE),
  WriteFileEx(Operation.WRITE_EX, false, HANDLE, BUFFER, LENGTH, OVERLAPPED, ROUTINE),
  WaitCommEvent(Operation.WAIT_COMM_EVENT, false, HANDLE, OTHER, OVERLAPPED),
  CreateIoCompletionPort(Operation.BIND_TO_PORT, false, HANDLE, PORT, KEY, OTHER),
  BindIoCompletionCallback(Operation.BIND_TO_THREAD_POOL, false, HANDLE, ROUTINE, OTHER),
  CreateThreadpoolIo(Operation.BIND_TO_THREAD_POOL, false, HANDLE, ROUTINE, OTHER, OTHER),
  SetFileCompletionNotificationModes(Operation.SET_NOTIFICATION_MODES, false, HANDLE, FLAGS),
  WaitForSingleObject(Operation.WAIT_ONE, false, HANDLE, TIMEOUT),
  WaitForSingleObjectEx(Operation.WAIT_ONE, false, HANDLE, TIMEOUT, ALERTABLE),
  WaitForMultipleObjects(Operation.WAIT_MANY, false, OTHER, HANDLES, OTHER, TIMEOUT),
  WaitForMultipleObjectsEx(Operation.WAIT_MANY, false, OTHER, HANDLES, OTHER, TIMEOUT, ALERTABLE),
  SleepEx(Operation.SLEEP, false, TIMEOUT, ALERTABLE),
  /** Sleep: never alertable. */
  Sleep(Operation.SLEEP, false, TIMEOUT),
  GetOverlappedResult(
      Operation.GET_OVERLAPPED_RESULT, false, HANDLE, OVERLAPPED, BYTES_TRANSFERRED, WAIT_FLAG),
  GetOverlappedResultEx(
      Operation.GET_OVERLAPPED_RESULT,
      false,
      HANDLE,
      OVERLAPPED,
      BYTES_TRANSFERRED,
      TIMEOUT,
      ALERTABLE),
  GetQueuedCompletionStatus(Operation.DEQUEUE, false, PORT, OTHER, OTHER, OTHER, TIMEOUT),
  CancelIo(Operation.CANCEL_OWN, false, HANDLE),
  CancelIoEx(Operation.CANCEL_ANY, false, HANDLE, OVERLAPPED),
  CloseHandle(Operation.CLOSE_HANDLE, false, HANDLE),
  LocalFree(Operation.FREE, false, FREED),
  GlobalFree(Operation.FREE, false, FREED),
  HeapFree(Operation.FREE, false, OTHER, OTHER, FREED),
  VirtualFree(Operation.FREE, false, FREED, OTHER, OTHER),
  SetFilePointer(Operation.SET_FILE_POINTER, false, HANDLE, OTHER, OTHER, OTHER),
  SetFilePointerEx(Operation.SET_FILE_POINTER, false, HANDLE, OTHER, OTHER, OTHER),
  GetLastError(Operation.LAST_ERROR, false),
  CreateEvent(Operation.CREATE_EVENT, true, OTHER, OTHER, OTHER, OTHER),
  SetEvent(Operation.SET_EVENT, false, HANDLE);

  private static final Map<String, Win32Function> BY_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

  private final Operation operation;
  private final boolean hasAnsiAndWideForms;
  private final ImmutableList<Role> roles;

  Win32Function(Operation operation, boolean hasAnsiAndWideForms, Role... roles) {
    this.operation = operation;
    this.hasAnsiAndWideForms = hasAnsiAndWideForms;
    this.roles = ImmutableList.copyOf(roles);
  }

  public Operation operation() {
    return operation;
  }

  /** The role of each parameter, in order. */
  public ImmutableList<Role> roles() {
    return roles;
  }

  /** The index of the first parameter with this role, if any. */
  public Optional<Integer> indexOf(Role role) {
    int i = roles.indexOf(role);
    return i < 0 ? Optional.empty() : Optional.of(i);
  }

  /**
   * The function a method name stands for: the Win32 name itself, or its {@code A}/{@code W} form
   * for functions that take strings.
   */
  public static Optional<Win32Function> byMethodName(String name) {
    Win32Function exact = BY_NAME.get(name);
    if (exact != null) {
      return Optional.of(exact);
    }
    if (name.endsWith("A") || name.endsWith("W")) {
      Win32Function base = BY_NAME.get(name.substring(0, name.length() - 1));
      if (base != null && base.hasAnsiAndWideForms) {
        return Optional.of(base);
      }
    }
    return Optional.empty();
  }

  /** Whether a method of this simple name could be a binding of a modelled function. */
  public static boolean isCandidateName(String name) {
    return byMethodName(name).isPresent();
  }
}
