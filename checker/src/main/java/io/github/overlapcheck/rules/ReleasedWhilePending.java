package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.analysis.Op;
import io.github.overlapcheck.analysis.Outcome;
import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.analysis.Snapshot;
import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.api.Role;
import io.github.overlapcheck.ir.Expr;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A handle closed, or a buffer or OVERLAPPED freed, while an operation that uses it may still be
 * pending: also right after CancelIo/CancelIoEx, which only asks for the cancellation; the aborted
 * operation still completes, into that memory, later. Operations other methods of the class may
 * have left pending on its fields count.
 */
public final class ReleasedWhilePending implements Rule {
  public static final String NAME = "ReleasedWhilePending";

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
  public void called(Expr.Call call, List<Set<String>> args, Snapshot before, Reporter out) {
    if (call.binding().map(b -> b.operation() != Operation.CLOSE_HANDLE).orElse(true)) {
      return;
    }
    Optional<Integer> at = call.binding().get().argument(Role.HANDLE);
    if (at.isEmpty() || at.get() >= args.size()) {
      return;
    }
    Set<String> closed = args.get(at.get());
    for (Op op : before.allOperationsThatMay(Outcome.PENDING)) {
      if (counts(op) && op.handles().stream().anyMatch(closed::contains)) {
        report(call, op, "handle '" + Ops.handleName(op, out) + "' is closed", out);
        return;
      }
    }
  }

  @Override
  public void freed(
      Expr.Call call, Set<String> freed, boolean scopeEnd, Snapshot before, Reporter out) {
    for (Op op : before.allOperationsThatMay(Outcome.PENDING)) {
      if (!counts(op)) {
        continue;
      }
      Optional<String> used =
          op.overlappeds().stream()
              .filter(freed::contains)
              .findFirst()
              .or(() -> op.buffers().stream().filter(freed::contains).findFirst());
      if (used.isPresent()) {
        String what = op.overlappeds().contains(used.get()) ? "its OVERLAPPED '" : "its buffer '";
        report(
            call,
            op,
            what + out.describe(used.get()) + (scopeEnd ? "' goes with the arena" : "' is freed"),
            out);
        return;
      }
    }
  }

  /**
   * An operation that may be pending here, as far as the method can know: one it started (not one
   * of several instances a loop keeps in flight and tracks by count), or one another method left
   * pending that this method asked to cancel (so it knows it may be in flight).
   */
  private static boolean counts(Op op) {
    if (!op.mayBePending() || op.repeated() || op.handedOver()) {
      // (Handed over: a drain or join the code runs on some path; a loop's condition decides.)
      return false;
    }
    return !op.elsewhere() || op.cancelledBy().isPresent();
  }

  private static void report(Expr.Call call, Op op, String released, Reporter out) {
    Set<Object> concerns = new java.util.HashSet<>();
    concerns.add(op.call().origin());
    op.cancelledBy().ifPresent(c -> concerns.add(c.origin()));
    out.report(
        new Finding(
            NAME,
            call.origin(),
            String.format(
                "%s while %s may still be pending%s%s: the operation completes later and writes"
                    + " its status and data into released memory, or is left with no handle to"
                    + " finish on. Wait for its completion (after CancelIoEx, for the aborted"
                    + " completion) before releasing",
                released,
                op.call().name(),
                op.cancelledBy().isPresent()
                    ? " (CancelIo/CancelIoEx only asks for the cancellation)"
                    : "",
                op.elsewhere() ? " (another method of the class started it)" : ""),
            Optional.empty(),
            concerns));
  }
}
