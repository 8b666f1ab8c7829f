package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.analysis.Obj;
import io.github.overlapcheck.analysis.Op;
import io.github.overlapcheck.analysis.Outcome;
import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.analysis.Snapshot;
import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.api.Role;
import io.github.overlapcheck.api.TypeShape;
import io.github.overlapcheck.ir.Expr;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A JNA Structure OVERLAPPED passed by value to a native call (GetOverlappedResult, CancelIoEx,
 * ...) after an operation that may have gone pending was issued with it, and before its Java fields
 * were read back: JNA writes every Java field to native memory before the call, so the status and
 * count the kernel stored there are overwritten with the stale Java copy.
 */
public final class StaleOverlappedWriteBack implements Rule {
  public static final String NAME = "StaleOverlappedWriteBack";

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
    if (call.binding().isEmpty()) {
      return;
    }
    if (call.binding().get().operation().startsIo()) {
      // Issuing again with it while pending is ModifiedWhilePending's finding.
      return;
    }
    Optional<Integer> index =
        call.binding()
            .flatMap(b -> b.argument(Role.OVERLAPPED))
            .filter(i -> i < args.size() && i < call.parameters().size());
    if (index.isEmpty() || call.parameters().get(index.get()) != TypeShape.STRUCTURE) {
      return;
    }
    for (String ov : args.get(index.get())) {
      Optional<Obj> o = before.object(ov);
      if (o.isEmpty() || !o.get().autoWrite() || !o.get().javaCopyMayBeStale()) {
        continue;
      }
      for (Op op : before.allOperations()) {
        boolean kernelMayHaveWritten =
            op.outcome().contains(Outcome.PENDING) || op.outcome().contains(Outcome.AWAITED);
        if (!op.overlappeds().contains(ov)
            || !kernelMayHaveWritten
            || !Ops.onAsyncHandle(op, before, out)) {
          continue;
        }
        out.report(
            new Finding(
                NAME,
                call.origin(),
                String.format(
                    "OVERLAPPED '%s' is passed to %s as a Structure after %s was issued with it:"
                        + " JNA first writes its Java fields to native memory, overwriting the"
                        + " status and byte count the kernel stored there with the stale copy"
                        + " (%s then sees an incomplete or empty result). Pass '%s.getPointer()',"
                        + " or call read() on it right before",
                    out.describe(ov), call.name(), op.call().name(), call.name(), out.describe(ov)),
                Optional.of(Finding.Fix.pointerArgument(call.origin(), index.get()))));
        return;
      }
    }
  }
}
