package io.github.overlapcheck.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which modelled operation a call is. Win32 functions are matched by name and parameter
 * shape wherever they are declared (a JNA interface, direct mapping, a wrapper, an FFM binding, the
 * reference runtime); releases of native memory and last-error reads are matched by owner type and
 * name; configured release methods ({@code Owner#name}) free their first argument, or their
 * receiver when they take none.
 */
public final class ApiModel {
  private static final String JNA_MEMORY = "com.sun.jna.Memory";
  private static final String JNA_NATIVE = "com.sun.jna.Native";
  private static final String LAST_ERROR_EXCEPTION = "com.sun.jna.LastErrorException";
  private static final String RUNTIME_MEMORY = "io.github.overlapcheck.runtime.Memory";
  private static final String RUNTIME_ARENA = "io.github.overlapcheck.runtime.Arena";
  private static final String FFM_ARENA = "java.lang.foreign.Arena";

  private final Set<String> releaseMethods;

  /**
   * @param releaseMethods configured release methods as {@code qualified.Owner#name}
   */
  public ApiModel(Set<String> releaseMethods) {
    this.releaseMethods = Set.copyOf(releaseMethods);
  }

  public static ApiModel standard() {
    return new ApiModel(Set.of());
  }

  /**
   * Whether a method name could be a modelled call at all: front ends use it to skip methods that
   * mention none, before building any model.
   */
  public boolean isCandidateName(String name) {
    return Win32Function.isCandidateName(name)
        || name.equals("close")
        || name.equals("dispose")
        || name.equals("free")
        || name.equals("getLastError")
        || name.equals("getErrorCode")
        || releaseMethods.stream().anyMatch(m -> m.endsWith("#" + name));
  }

  public Optional<Binding> bind(CallShape call) {
    Optional<Binding> special = bindNonWin32(call);
    if (special.isPresent()) {
      return special;
    }
    Optional<Win32Function> function = Win32Function.byMethodName(call.name());
    if (function.isEmpty()) {
      return Optional.empty();
    }
    Win32Function f = function.get();
    List<Role> roles = f.roles();
    if (call.parameters().size() != roles.size()) {
      return Optional.empty();
    }
    for (int i = 0; i < roles.size(); i++) {
      if (!call.parameters().get(i).fits(roles.get(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(new Binding(f.operation(), function, roles, Role.OTHER));
  }

  private Optional<Binding> bindNonWin32(CallShape call) {
    String owner = call.owner();
    String name = call.name();
    int arity = call.parameters().size();
    boolean memoryOwner =
        owner.equals(JNA_MEMORY)
            || owner.equals(RUNTIME_MEMORY)
            || owner.equals(RUNTIME_ARENA)
            || owner.equals(FFM_ARENA);
    if (memoryOwner && arity == 0 && (name.equals("close") || name.equals("dispose"))) {
      return Optional.of(free(List.of(), Role.FREED));
    }
    if (owner.equals(JNA_NATIVE) && name.equals("free") && arity == 1) {
      return Optional.of(free(List.of(Role.FREED), Role.OTHER));
    }
    if (owner.equals(JNA_NATIVE) && name.equals("getLastError") && arity == 0) {
      return Optional.of(
          new Binding(Operation.LAST_ERROR, Optional.empty(), List.of(), Role.OTHER));
    }
    if (owner.equals(LAST_ERROR_EXCEPTION) && name.equals("getErrorCode") && arity == 0) {
      return Optional.of(
          new Binding(Operation.LAST_ERROR, Optional.empty(), List.of(), Role.OTHER));
    }
    if (releaseMethods.contains(owner + "#" + name)) {
      if (arity == 0) {
        return Optional.of(free(List.of(), Role.FREED));
      }
      Role[] roles = new Role[arity];
      java.util.Arrays.fill(roles, Role.OTHER);
      roles[0] = Role.FREED;
      return Optional.of(free(List.of(roles), Role.OTHER));
    }
    return Optional.empty();
  }

  private static Binding free(List<Role> roles, Role receiver) {
    return new Binding(Operation.FREE, Optional.empty(), roles, receiver);
  }
}
