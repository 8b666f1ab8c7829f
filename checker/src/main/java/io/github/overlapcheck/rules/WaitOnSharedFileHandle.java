package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.analysis.Obj;
import io.github.overlapcheck.analysis.Op;
import io.github.overlapcheck.analysis.Rule;
import io.github.overlapcheck.analysis.Snapshot;
import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.api.Role;
import io.github.overlapcheck.ir.Expr;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A wait on a file handle itself (directly, or through GetOverlappedResult with an OVERLAPPED that
 * has no event) while more than one operation may be outstanding on it: the handle is signalled
 * when any of them completes, so the wait cannot tell which one did.
 */
public final class WaitOnSharedFileHandle implements Rule {
  public static final String NAME = "WaitOnSharedFileHandle";

  @Override
  public String name() {
    return NAME;
  }

  /** Only about operations started. */
  @Override
  public Optional<Set<Operation>> reportsWithoutOperationsAt() {
    return Optional.of(Set.of());
  }

  /** A release after a wait the code took for the end of every operation is this mistake. */
  @Override
  public Set<String> explains() {
    return Set.of(ReleasedWhilePending.NAME);
  }

  @Override
  public void waited(
      Expr.Call call,
      Set<String> handles,
      Set<String> overlappeds,
      boolean overlappedResult,
      Snapshot before,
      Reporter out) {
    if (overlappedResult) {
      boolean ownEvent =
          overlappeds.isEmpty()
              || overlappeds.stream()
                  .anyMatch(ov -> before.object(ov).map(Obj::mayHaveEvent).orElse(true));
      if (ownEvent) {
        return;
      }
    }
    for (String h : handles) {
      if (h.endsWith("[]")) {
        // The elements of an array kept elsewhere share one summary object: operations on
        // different elements (one per pipe instance) would look like operations on one handle.
        continue;
      }
      List<Op> outstanding = before.outstandingOn(Set.of(h));
      int count = 0;
      Set<Integer> seen = new HashSet<>();
      for (Op op : outstanding) {
        count += op.repeated() ? 2 : 1;
        seen.add(op.call().id());
      }
      // Operations that methods of the class (or earlier calls) leave pending on this handle,
      // unless this method started them itself (through a helper) and counted them already.
      for (Map.Entry<Integer, Integer> e :
          before.object(h).map(Obj::pendingElsewhere).orElse(Map.of()).entrySet()) {
        if (!seen.contains(e.getKey())) {
          count += e.getValue();
        }
      }
      if (count < 2) {
        continue;
      }
      String message =
          overlappedResult
              ? String.format(
                  "GetOverlappedResult waits on handle '%s' itself, because OVERLAPPED '%s' has"
                      + " no event, while %d operations may be outstanding on that handle: the"
                      + " first completion ends the wait, and the result read may belong to an"
                      + " operation that has not finished. Give the OVERLAPPED an event of its own",
                  out.describe(h),
                  overlappeds.isEmpty() ? "?" : out.describe(overlappeds.iterator().next()),
                  count)
              : String.format(
                  "waits on file handle '%s' while %d operations may be outstanding on it: the"
                      + " handle is signalled when any of them completes, so this wait cannot"
                      + " tell which one did. Wait on each OVERLAPPED's own event instead",
                  out.describe(h), count);
      Optional<Finding.Fix> fix =
          overlappedResult ? Optional.empty() : waitOnOwnEvent(call, outstanding, before);
      Set<Object> concerns = new HashSet<>();
      outstanding.forEach(op -> concerns.add(op.call().origin()));
      out.report(new Finding(NAME, call.origin(), message, fix, concerns));
      return;
    }
  }

  /**
   * The one sure fix: this method itself started exactly one of the operations outstanding on the
   * handle (the others are left pending by other methods of the class, which this method cannot
   * mean to wait for), through an OVERLAPPED held in a local of its own that has an event. Then it
   * waits for that OVERLAPPED's event instead of the handle.
   */
  private static Optional<Finding.Fix> waitOnOwnEvent(
      Expr.Call call, List<Op> outstanding, Snapshot before) {
    if (outstanding.size() != 1
        || call.binding().map(b -> b.operation() != Operation.WAIT_ONE).orElse(true)) {
      return Optional.empty();
    }
    Op own = outstanding.get(0);
    if (own.repeated() || own.inHelper() || own.overlappeds().size() != 1) {
      return Optional.empty();
    }
    boolean hasEvent =
        before
            .object(own.overlappeds().iterator().next())
            .map(o -> !o.events().isEmpty())
            .orElse(false);
    Optional<Expr> ovArg =
        own.call()
            .binding()
            .flatMap(b -> b.argument(Role.OVERLAPPED))
            .filter(i -> i < own.call().args().size())
            .map(own.call().args()::get);
    Optional<Integer> handleArg =
        call.binding().flatMap(b -> b.argument(Role.HANDLE)).filter(i -> i < call.args().size());
    if (!hasEvent || ovArg.isEmpty() || handleArg.isEmpty()) {
      return Optional.empty();
    }
    Expr ov = ovArg.get();
    if (ov instanceof Expr.Call c
        && c.name().equals("getPointer")
        && c.args().isEmpty()
        && c.receiver().isPresent()) {
      ov = c.receiver().get();
    }
    if (!(ov instanceof Expr.Local local) || local.name().contains("$")) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding.Fix(call.args().get(handleArg.get()).origin(), local.name() + ".hEvent"));
  }
}
