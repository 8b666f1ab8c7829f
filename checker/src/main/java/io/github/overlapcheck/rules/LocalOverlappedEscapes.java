package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.ExitKind;
import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.analysis.Obj;
import io.github.overlapcheck.analysis.Op;
import io.github.overlapcheck.analysis.Outcome;
import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.analysis.Snapshot;
import io.github.overlapcheck.analysis.Storage;
import io.github.overlapcheck.api.Operation;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Memory an operation writes when it completes, whose storage ends while the operation may still be
 * pending: a Java array or heap buffer JNA copied for the call (freed when the call returns, so any
 * pending path is a bug); a local Structure or Memory that becomes unreachable when the method
 * returns; memory from an arena that closes.
 */
public final class LocalOverlappedEscapes implements Rule {
  public static final String NAME = "LocalOverlappedEscapes";

  @Override
  public String name() {
    return NAME;
  }

  /** Only about operations started. */
  @Override
  public Optional<Set<Operation>> reportsWithoutOperationsAt() {
    return Optional.of(Set.of());
  }

  /** Storage that ends with its scope (an arena closed at the end of a try) is this mistake. */
  @Override
  public Set<String> explains() {
    return Set.of(ReleasedWhilePending.NAME);
  }

  /** Whether the operation may go pending: on an asynchronous handle, or treated as such. */
  private static boolean mayGoPending(Op op, Snapshot state, Reporter out) {
    if (!op.outcome().contains(Outcome.PENDING) && !op.outcome().contains(Outcome.AWAITED)) {
      return false;
    }
    return Ops.onAsyncHandle(op, state, out);
  }

  @Override
  public void issued(Op op, Snapshot before, Snapshot after, Reporter out) {
    if (!op.copiedBuffer() || !mayGoPending(op, after, out)) {
      return;
    }
    String buffer =
        op.buffers().size() == 1
            ? "'" + out.describe(op.buffers().iterator().next()) + "'"
            : "the array";
    out.report(
        new Finding(
            NAME,
            op.call().origin(),
            String.format(
                "%s is passed to %s as a Java array: JNA copies it to temporary native memory"
                    + " that is freed when the call returns, but on asynchronous handle '%s' the"
                    + " operation may still be pending then, and completes into freed memory (the"
                    + " array never receives the data). Pass native memory (Memory) that lives"
                    + " until the operation completes",
                buffer, op.call().name(), Ops.handleName(op, out)),
            Optional.empty()));
  }

  @Override
  public void exit(Object origin, ExitKind kind, Snapshot state, Reporter out) {
    for (Op op : state.operationsThatMay(Outcome.PENDING)) {
      if (!mayGoPending(op, state, out)) {
        continue;
      }
      for (String id : memory(op)) {
        Optional<Obj> o = state.object(id);
        if (o.isPresent() && o.get().storage() == Storage.LOCAL_OBJECT && !o.get().mayEscape()) {
          out.report(
              new Finding(
                  NAME,
                  op.call().origin(),
                  String.format(
                      "'%s' is local to this method, but %s on '%s' may still be pending when"
                          + " the method returns: the object becomes unreachable and its native"
                          + " memory is reclaimed while the kernel will still write the result"
                          + " into it. Wait for the completion (GetOverlappedResult with bWait)"
                          + " before returning, or keep it where it lives until the completion",
                      out.describe(id), op.call().name(), Ops.handleName(op, out)),
                  Optional.empty()));
          break;
        }
      }
    }
  }

  @Override
  public void freed(
      io.github.overlapcheck.ir.Expr.Call call,
      Set<String> freed,
      boolean scopeEnd,
      Snapshot before,
      Reporter out) {
    if (!scopeEnd) {
      return;
    }
    for (Op op : before.operationsThatMay(Outcome.PENDING)) {
      if (!mayGoPending(op, before, out)) {
        continue;
      }
      for (String id : memory(op)) {
        if (freed.contains(id)
            && before.object(id).map(o -> o.storage() == Storage.ARENA).orElse(false)) {
          out.report(
              new Finding(
                  NAME,
                  op.call().origin(),
                  String.format(
                      "'%s' comes from an arena that closes while %s on '%s' may still be"
                          + " pending: the kernel will write the result into freed memory. Wait"
                          + " for the completion, or cancel it and wait, before the arena closes",
                      out.describe(id), op.call().name(), Ops.handleName(op, out)),
                  Optional.empty()));
          break;
        }
      }
    }
  }

  private static Set<String> memory(Op op) {
    Set<String> ids = new LinkedHashSet<>(op.overlappeds());
    if (!op.copiedBuffer()) {
      ids.addAll(op.buffers());
    }
    return ids;
  }
}
