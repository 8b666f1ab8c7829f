package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.analysis.Op;
import io.github.overlapcheck.analysis.Outcome;
import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.analysis.Snapshot;
import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.ir.Expr;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A wait for an operation's completion (GetOverlappedResult with bWait on its OVERLAPPED, a wait on
 * its OVERLAPPED's event) on a path where its start call may have failed with an error other than
 * ERROR_IO_PENDING: nothing was started, so nothing will signal the event or finish the status the
 * wait reads. The wait hangs, or reports whatever an earlier operation left behind.
 */
public final class FailureTreatedAsPending implements Rule {
  public static final String NAME = "FailureTreatedAsPending";

  @Override
  public String name() {
    return NAME;
  }

  /** Only about operations started. */
  @Override
  public Optional<Set<Operation>> reportsWithoutOperationsAt() {
    return Optional.of(Set.of());
  }

  private static boolean lastIssuedWith(Op op, Snapshot state) {
    return op.overlappeds().stream()
        .anyMatch(
            ov ->
                state
                    .object(ov)
                    .map(o -> o.lastIssued().isEmpty() || o.lastIssued().contains(op.call().id()))
                    .orElse(true));
  }

  @Override
  public void waited(
      Expr.Call call,
      Set<String> handles,
      Set<String> overlappeds,
      boolean overlappedResult,
      Snapshot before,
      Reporter out) {
    List<Op> awaited =
        overlappedResult
            // (Only an operation that may have failed can be reported.)
            ? before.operationsThatMay(Outcome.FAILED).stream()
                .filter(op -> op.overlappeds().stream().anyMatch(overlappeds::contains))
                .toList()
            : before.signalledBy(handles);
    for (Op op : awaited) {
      if (Ops.onArrayElements(op) || op.repeated()) {
        // One object stands for several instances (array elements, or a call issued again while
        // an earlier one is outstanding): the wait may be for an instance that was started.
        continue;
      }
      if (!lastIssuedWith(op, before)) {
        // A later operation reuses the OVERLAPPED: the wait is for that one.
        continue;
      }
      // (ReadFileEx's FALSE means nothing was queued, and its event is not used.)
      if (!op.operation().startsIo()
          || op.operation().completesThroughRoutine()
          || !op.outcome().contains(Outcome.FAILED)
          // A method that never looks at the call's result ignores errors; it does not take one
          // for a pending operation.
          || !op.falseTaken()
          || !Ops.onAsyncHandle(op, before, out)) {
        continue;
      }
      out.report(
          new Finding(
              NAME,
              call.origin(),
              String.format(
                  "this waits for %s on '%s' to complete, but it gets here also when %s returned"
                      + " FALSE with an error other than ERROR_IO_PENDING: then nothing was"
                      + " started, nothing signals the event, and the wait hangs or reports an"
                      + " earlier operation's result. Leave that path (report the error) before"
                      + " waiting",
                  op.call().name(), Ops.handleName(op, out), op.call().name()),
              Optional.empty()));
      return;
    }
  }
}
