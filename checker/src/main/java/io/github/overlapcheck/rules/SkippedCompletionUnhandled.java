package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.ExitKind;
import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.analysis.Obj;
import io.github.overlapcheck.analysis.Op;
import io.github.overlapcheck.analysis.Outcome;
import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.analysis.Snapshot;
import io.github.overlapcheck.analysis.Tri;
import io.github.overlapcheck.api.Operation;
import java.util.Optional;
import java.util.Set;

/**
 * A read or write on a handle bound to a completion port with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS
 * set, where the method leaves with the call possibly having returned TRUE and nothing done for
 * that case that the pending case does not also do: the work is left to the port's handler, but
 * with skip-on-success no packet is queued for a synchronous success, so it never sees it.
 */
public final class SkippedCompletionUnhandled implements Rule {
  public static final String NAME = "SkippedCompletionUnhandled";

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
  public void exit(Object origin, ExitKind kind, Snapshot state, Reporter out) {
    if (kind == ExitKind.THROW || state.exceptional()) {
      return;
    }
    for (Op op : state.operationsThatMay(Outcome.COMPLETED_AT_ONCE)) {
      if (!op.outcome().contains(Outcome.COMPLETED_AT_ONCE)
          || op.workedAtOnce()
          || op.inHelper()
          || op.elsewhere()
          || op.otherThread()
          || op.routineStyle()
          || op.overlappeds().isEmpty()
          || op.afterDequeue()
          || state.toldCallerCompletedAtOnce(op)
          || !op.noPacketIfTrue()
          || Ops.taggedEvent(op, state)) {
        continue;
      }
      for (String h : op.handles()) {
        Optional<Obj> handle = state.object(h);
        if (handle.isEmpty()
            || handle.get().boundToPort() != Tri.YES
            || handle.get().skipPortOnSuccess() != Tri.YES) {
          continue;
        }
        out.report(
            new Finding(
                NAME,
                op.call().origin(),
                String.format(
                    "%s may complete at once (return TRUE), and '%s' is bound to a completion port"
                        + " with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS set, so no packet is queued"
                        + " for that: yet on that path this method does nothing the pending path"
                        + " does not, leaving the result, the free or the next operation to the"
                        + " port's handler, which never sees it. Finish the operation here when"
                        + " the call returns TRUE, or do not set skip-on-success",
                    op.call().name(), out.describe(h)),
                Optional.empty()));
        break;
      }
    }
  }
}
