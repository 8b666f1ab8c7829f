package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.ExitKind;
import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.analysis.Op;
import io.github.overlapcheck.analysis.Outcome;
import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.analysis.Snapshot;
import io.github.overlapcheck.api.Operation;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * FALSE from a read, write or pipe connect on an asynchronous handle taken for a failure: the
 * method throws or returns on a path where the call returned FALSE and its last error was never
 * found to differ from ERROR_IO_PENDING (not tested at all, or compared with another code), so an
 * operation that was started and is still running is abandoned as if it had failed.
 */
public final class PendingTreatedAsFailure implements Rule {
  public static final String NAME = "PendingTreatedAsFailure";

  private static final Set<Outcome> FALSE_UNTESTED = EnumSet.of(Outcome.PENDING, Outcome.FAILED);

  @Override
  public String name() {
    return NAME;
  }

  /** Only about operations started. */
  @Override
  public Optional<Set<Operation>> reportsWithoutOperationsAt() {
    return Optional.of(Set.of());
  }

  /** The pending local OVERLAPPED or buffer is abandoned, or released, because of this mistake. */
  @Override
  public Set<String> explains() {
    return Set.of(LocalOverlappedEscapes.NAME, ReleasedWhilePending.NAME);
  }

  @Override
  public void exit(Object origin, ExitKind kind, Snapshot state, Reporter out) {
    if (kind == ExitKind.END) {
      return;
    }
    // (FALSE_UNTESTED holds FAILED.)
    for (Op op : state.operationsThatMay(Outcome.FAILED)) {
      // (ReadFileEx's FALSE means nothing was queued: a failure indeed.)
      boolean starts = op.operation().startsIo() && !op.operation().completesThroughRoutine();
      if (!starts
          || !op.outcome().equals(FALSE_UNTESTED)
          || state.toldCaller(op)
          || op.overlappeds().isEmpty()
          || !Ops.onAsyncHandle(op, state, out)) {
        continue;
      }
      out.report(
          new Finding(
              NAME,
              op.call().origin(),
              String.format(
                  "when %s returns FALSE on asynchronous handle '%s', the method %s without"
                      + " ruling out ERROR_IO_PENDING: FALSE with that error means the operation"
                      + " was started and is still running, not that it failed. Test"
                      + " GetLastError() for ERROR_IO_PENDING first, and wait for the completion",
                  op.call().name(),
                  Ops.handleName(op, out),
                  kind == ExitKind.THROW ? "throws" : "returns"),
              Optional.empty()));
    }
  }
}
