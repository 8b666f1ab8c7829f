package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.analysis.Op;
import io.github.overlapcheck.analysis.Outcome;
import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.analysis.Snapshot;
import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.ir.Expr;
import java.util.Optional;
import java.util.Set;

/**
 * A buffer or OVERLAPPED written, or passed to another operation, while an operation that uses it
 * may still be pending: the kernel owns both until the operation completes (reading them is fine).
 * Operations left pending by other methods of the class, or by an earlier call of this one, count
 * where a boolean field of the class says when they are idle.
 */
public final class ModifiedWhilePending implements Rule {
  public static final String NAME = "ModifiedWhilePending";

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
  public void written(Expr.Call call, Set<String> objects, Snapshot before, Reporter out) {
    for (Op op : seen(before)) {
      if (!counts(op)) {
        continue;
      }
      Optional<String> hit = used(op, objects);
      if (hit.isPresent()) {
        out.report(
            new Finding(
                NAME,
                call.origin(),
                String.format(
                    "%s '%s' is written while %s may still be pending%s: the kernel owns it"
                        + " until the operation completes, so %s. Wait for the completion first,"
                        + " or use memory of its own",
                    op.overlappeds().contains(hit.get()) ? "OVERLAPPED" : "buffer",
                    out.describe(hit.get()),
                    op.call().name(),
                    op.elsewhere() ? " (left pending by an earlier call into the class)" : "",
                    op.overlappeds().contains(hit.get())
                        ? "the write changes the request in flight and the completion overwrites"
                            + " it"
                        : "the operation reads or writes the new contents, or the completion"
                            + " overwrites them"),
                Optional.empty(),
                Set.of(op.call().origin())));
        return;
      }
    }
  }

  @Override
  public void issued(Op op, Snapshot before, Snapshot after, Reporter out) {
    if (Ops.onArrayElements(op)) {
      return;
    }
    for (Op other : seen(before)) {
      if (!counts(other)) {
        continue;
      }
      Optional<String> ov = same(op.overlappeds(), other.overlappeds(), other);
      Optional<String> buffer = same(op.buffers(), other.buffers(), other);
      if (ov.isEmpty() && buffer.isEmpty()) {
        continue;
      }
      boolean same = other.call().id() == op.call().id();
      out.report(
          new Finding(
              NAME,
              op.call().origin(),
              String.format(
                  "%s is issued with %s '%s' while %s%s may still be pending with it: one"
                      + " OVERLAPPED (or buffer) serves one operation at a time, so the"
                      + " completions overwrite each other's status and data. Wait for the"
                      + " earlier operation, or give this one its own",
                  op.call().name(),
                  ov.isPresent() ? "OVERLAPPED" : "buffer",
                  out.describe(ov.orElseGet(buffer::get)),
                  same ? "its previous instance" : other.call().name(),
                  other.elsewhere() ? " (left pending by an earlier call into the class)" : ""),
              Optional.empty(),
              new java.util.HashSet<>(
                  java.util.List.of(op.call().origin(), other.call().origin()))));
      return;
    }
  }

  /**
   * This method's operations, and those other methods (or an earlier call of this one) left pending
   * where a boolean field of the class says when they are idle: without such a guard, the class's
   * own protocol (a flag tested before the write) cannot be followed, so they do not count.
   */
  private static java.util.List<Op> seen(Snapshot state) {
    // (Only an operation that may be pending counts.)
    return state.allOperationsThatMay(Outcome.PENDING).stream()
        .filter(o -> !o.elsewhere() || o.guardedByField())
        .toList();
  }

  /**
   * An operation that may be pending, one instance at a time (not array elements), and whose
   * completion packet was not possibly dequeued since it was issued.
   */
  private static boolean counts(Op op) {
    return op.mayBePending() && !Ops.onArrayElements(op) && !op.packetMayBeTaken();
  }

  /**
   * The one object both sets name, when each names exactly that one (the same memory for sure, not
   * one of several an array element or a join may stand for) and the earlier operation still uses
   * it.
   */
  private static Optional<String> same(Set<String> now, Set<String> earlier, Op other) {
    if (now.size() != 1 || !now.equals(earlier)) {
      return Optional.empty();
    }
    String id = now.iterator().next();
    return other.reallocated().contains(id) ? Optional.empty() : Optional.of(id);
  }

  private static Optional<String> used(Op op, Set<String> objects) {
    if (objects.size() != 1) {
      return Optional.empty();
    }
    return same(objects, op.overlappeds(), op).or(() -> same(objects, op.buffers(), op));
  }
}
