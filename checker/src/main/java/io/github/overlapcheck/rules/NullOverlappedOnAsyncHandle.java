package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.analysis.Op;
import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.analysis.Snapshot;
import io.github.overlapcheck.analysis.Tri;
import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.api.Role;
import io.github.overlapcheck.ir.Expr;
import java.util.Optional;
import java.util.Set;

/**
 * A read, write, pipe connect or comm-event wait on a handle opened with FILE_FLAG_OVERLAPPED,
 * without an OVERLAPPED: the system has no per-operation status to report through, so the call may
 * report completion (and a byte count) before the operation is done, and on a file there is no
 * position to start from.
 */
public final class NullOverlappedOnAsyncHandle implements Rule {
  public static final String NAME = "NullOverlappedOnAsyncHandle";

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
  public void issued(Op op, Snapshot before, Snapshot after, Reporter out) {
    // (ReadFileEx and WriteFileEx refuse to run without one.)
    boolean needsOverlapped =
        op.operation().startsIo() && !op.operation().completesThroughRoutine();
    if (!needsOverlapped || !nullOverlapped(op.call()) || !surelyAsync(op, before)) {
      return;
    }
    out.report(
        new Finding(
            NAME,
            op.call().origin(),
            String.format(
                "%s passes no OVERLAPPED, but '%s' was opened with FILE_FLAG_OVERLAPPED: an"
                    + " asynchronous handle needs one for every operation, or the call may"
                    + " report completion before the operation is done (and a file has no"
                    + " position to start from). Pass an OVERLAPPED with its own event, and"
                    + " wait for it",
                op.call().name(), out.describe(op.handles().iterator().next())),
            Optional.empty()));
  }

  /** Every handle the call may use is known to be asynchronous. */
  private static boolean surelyAsync(Op op, Snapshot state) {
    return !op.handles().isEmpty()
        && op.handles().stream()
            .allMatch(h -> state.object(h).map(o -> o.async() == Tri.YES).orElse(false));
  }

  /** The OVERLAPPED argument is {@code null}, a cast of it, or {@code Pointer.NULL}. */
  private static boolean nullOverlapped(Expr.Call call) {
    return call.binding()
        .flatMap(b -> b.argument(Role.OVERLAPPED))
        .filter(i -> i < call.args().size())
        .map(i -> Expr.isNull(call.args().get(i)))
        .orElse(false);
  }
}
