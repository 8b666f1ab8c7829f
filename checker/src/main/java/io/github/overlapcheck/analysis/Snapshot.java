package io.github.overlapcheck.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A read-only view of the abstract state at one program point, for rules. */
public final class Snapshot {
  private final State state;

  /** At an exit: the operations whose outcome the returned value tells the caller. */
  private final Set<Integer> toldCaller;

  /** At an exit: the operations whose synchronous completion the returned value tells apart. */
  private final Set<Integer> toldCompletedAtOnce;

  /** At an exit: whether the method ends by an exception (thrown here or by a call). */
  private final boolean exceptional;

  Snapshot(State state) {
    this(state, Set.of());
  }

  Snapshot(State state, Set<Integer> toldCaller) {
    this(state, toldCaller, Set.of(), false);
  }

  Snapshot(
      State state, Set<Integer> toldCaller, Set<Integer> toldCompletedAtOnce, boolean exceptional) {
    this.state = state;
    this.toldCaller = Set.copyOf(toldCaller);
    this.toldCompletedAtOnce = Set.copyOf(toldCompletedAtOnce);
    this.exceptional = exceptional;
  }

  /**
   * At a return: whether the returned value lets the caller tell that the operation completed at
   * once from its pending (the call's BOOL itself, {@code return true} where it returned TRUE, the
   * memory it used), so that the caller can finish it.
   */
  public boolean toldCallerCompletedAtOnce(Op op) {
    return toldCompletedAtOnce.contains(op.call().id());
  }

  /** At an exit: whether the method ends by an exception. */
  public boolean exceptional() {
    return exceptional;
  }

  /**
   * At a return: the operations whose outcome the returned value tells the caller ({@code return
   * GetLastError() == ERROR_IO_PENDING}, a flag that says whether they were started), so the caller
   * decides what to do about them.
   */
  public boolean toldCaller(Op op) {
    return toldCaller.contains(op.call().id());
  }

  /** Whether a packet may have been dequeued from a completion port on the path here. */
  public boolean mayHaveDequeued() {
    return state.dequeued;
  }

  public Optional<Obj> object(String id) {
    return state.obj(id);
  }

  /** The operations this method (and its helpers) started. */
  public Collection<Op> operations() {
    return state.ops.values().stream().filter(o -> !o.elsewhere).toList();
  }

  /**
   * Also the operations other methods of the class may have left pending on its fields ({@link
   * Op#elsewhere()}).
   */
  public Collection<Op> allOperations() {
    return state.ops.values();
  }

  /** Started operations that may still be pending on one of these handles. */
  public List<Op> outstandingOn(Set<String> handles) {
    return state.thatMay(
        Outcome.PENDING, op -> !op.elsewhere && op.handles().stream().anyMatch(handles::contains));
  }

  /**
   * {@link #operations()} that may have turned out so ({@code op.outcome().contains(outcome)}), in
   * the same order. For a pending, failed or completed-at-once outcome, the operations that cannot
   * have it are not looked at: in a long method most are over.
   */
  public List<Op> operationsThatMay(Outcome outcome) {
    return state.thatMay(outcome, op -> !op.elsewhere);
  }

  /** {@link #allOperations()} that may have turned out so, as {@link #operationsThatMay}. */
  public List<Op> allOperationsThatMay(Outcome outcome) {
    return state.thatMay(outcome, op -> true);
  }

  /** {@link #operations()} that complete through a routine ({@link Op#routineStyle()}). */
  public List<Op> routineOperations() {
    List<Op> found = new ArrayList<>();
    state.ops.forEachOfKind(
        Op.ROUTINE,
        (id, op) -> {
          if (!op.elsewhere && op.routineStyle) {
            found.add(op);
          }
        });
    return found;
  }

  /** Operations whose OVERLAPPED names one of these objects as its event. */
  public List<Op> signalledBy(Set<String> events) {
    return Interpreter.signalledBy(events, state).stream().map(state.ops::get).toList();
  }
}
