package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.ExitKind;
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
 * ReadFileEx/WriteFileEx started, after which the issuing code waits, but not alertably, and leaves
 * without an alertable wait: the completion routine is queued to the issuing thread and runs only
 * while that thread is in an alertable wait (SleepEx, WaitFor...Ex with bAlertable).
 */
public final class CompletionRoutineNeverRuns implements Rule {
  public static final String NAME = "CompletionRoutineNeverRuns";

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
    for (Op op : state.routineOperations()) {
      boolean started =
          op.outcome().contains(Outcome.PENDING) || op.outcome().contains(Outcome.AWAITED);
      Optional<Expr.Call> wait = op.nonAlertableWait();
      if (!op.routineStyle() || !started || wait.isEmpty()) {
        continue;
      }
      out.report(
          new Finding(
              NAME,
              op.call().origin(),
              String.format(
                  "the completion routine of %s runs only while this thread waits alertably,"
                      + " but it waits with %s, which is not alertable, and not alertably after"
                      + " that: the routine stays queued. Wait with SleepEx or"
                      + " WaitForSingleObjectEx with bAlertable TRUE",
                  op.call().name(), wait.get().name()),
              Optional.empty()));
    }
  }
}
