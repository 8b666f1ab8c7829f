package io.github.overlapcheck.analysis;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A read-only view of the abstract state at one program point, for rules. */
public final class Snapshot {
  private final State state;

  Snapshot(State state) {
    this.state = state;
  }

  public Optional<Obj> object(String id) {
    return state.obj(id);
  }

  public Collection<Op> operations() {
    return state.ops.values();
  }

  /** Started operations that may still be pending on one of these handles. */
  public List<Op> outstandingOn(Set<String> handles) {
    return state.ops.values().stream()
        .filter(Op::mayBePending)
        .filter(op -> op.handles().stream().anyMatch(handles::contains))
        .collect(Collectors.toList());
  }
}
