package io.github.overlapcheck.api;

import java.util.List;
import java.util.Optional;

/**
 * A call bound to a modelled operation.
 *
 * @param operation what the call does
 * @param function the Win32 function, when it is one (frees of JNA memory are not)
 * @param roles the role of each argument, by position
 * @param receiverRole the role of the receiver of an instance call ({@code Memory.close()} frees
 *     its receiver), or {@link Role#OTHER}
 */
public record Binding(
    Operation operation, Optional<Win32Function> function, List<Role> roles, Role receiverRole) {
  public Binding {
    roles = List.copyOf(roles);
  }

  /** The index of the first argument with this role, if any. */
  public Optional<Integer> argument(Role role) {
    int i = roles.indexOf(role);
    return i < 0 ? Optional.empty() : Optional.of(i);
  }
}
