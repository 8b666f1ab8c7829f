package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.analysis.Obj;
import io.github.overlapcheck.analysis.Op;
import io.github.overlapcheck.analysis.Outcome;
import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.analysis.Snapshot;
import io.github.overlapcheck.analysis.Tri;
import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.ir.Expr;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A buffer or OVERLAPPED freed where its operation is known to have completed at once (the call
 * returned TRUE), on a handle bound to a completion port without skip-on-success: the port still
 * gets a packet for the operation, and the code that handles packets frees the memory again (or
 * uses it after this free).
 */
public final class FreedBeforeCompletionPacket implements Rule {
  public static final String NAME = "FreedBeforeCompletionPacket";

  @Override
  public String name() {
    return NAME;
  }

  /** Only about operations started. */
  @Override
  public Optional<Set<Operation>> reportsWithoutOperationsAt() {
    return Optional.of(Set.of());
  }

  @Override
  public void freed(
      Expr.Call call, Set<String> freed, boolean scopeEnd, Snapshot before, Reporter out) {
    for (Op op : before.operationsThatMay(Outcome.COMPLETED_AT_ONCE)) {
      Set<Outcome> outcome = op.outcome();
      if (!outcome.contains(Outcome.COMPLETED_AT_ONCE) || outcome.contains(Outcome.PENDING)) {
        continue;
      }
      if (Ops.taggedEvent(op, before)) {
        continue;
      }
      Set<String> used = new HashSet<>(op.buffers());
      used.addAll(op.overlappeds());
      used.retainAll(freed);
      if (used.isEmpty()) {
        continue;
      }
      for (String h : op.handles()) {
        Optional<Obj> handle = before.object(h);
        if (handle.isPresent()
            && handle.get().boundToPort() == Tri.YES
            && handle.get().skipPortOnSuccess() == Tri.NO) {
          String what = out.describe(used.iterator().next());
          out.report(
              new Finding(
                  NAME,
                  call.origin(),
                  String.format(
                      "'%s' is freed after %s completed at once, but handle '%s' is bound to a"
                          + " completion port, which still gets a packet for that operation: the"
                          + " code that handles the packet frees or uses it again. Free it only"
                          + " where the packet is handled, or set"
                          + " FILE_SKIP_COMPLETION_PORT_ON_SUCCESS on the handle",
                      what, op.call().name(), out.describe(h)),
                  Optional.empty()));
          return;
        }
      }
    }
  }
}
