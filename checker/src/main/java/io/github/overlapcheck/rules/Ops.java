package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.Obj;
import io.github.overlapcheck.analysis.Op;
import io.github.overlapcheck.analysis.Rule.Reporter;
import io.github.overlapcheck.analysis.Snapshot;
import io.github.overlapcheck.analysis.Tri;

/** What several rules ask of an operation. */
final class Ops {
  private Ops() {}

  /**
   * Its handles are asynchronous, or treated as such: none is known to be synchronous, and one is
   * known to be asynchronous or the method tests for ERROR_IO_PENDING or awaits a result.
   */
  static boolean onAsyncHandle(Op op, Snapshot state, Reporter out) {
    boolean async = false;
    for (String h : op.handles()) {
      Tri t = async(op, h, state);
      if (t == Tri.NO) {
        return false;
      }
      async |= t == Tri.YES;
    }
    return async || out.methodExpectsPending();
  }

  /** Whether one of the operation's handles is known to be synchronous. */
  static boolean onSyncHandle(Op op, Snapshot state) {
    return op.handles().stream().anyMatch(h -> async(op, h, state) == Tri.NO);
  }

  private static Tri async(Op op, String handle, Snapshot state) {
    Tri t = state.object(handle).map(Obj::async).orElse(Tri.UNKNOWN);
    // The handle's variable may hold another handle by now: what it was when issued.
    return t == Tri.UNKNOWN ? op.handleAsync() : t;
  }

  /** An OVERLAPPED whose event has its low bit set: the operation queues no completion packet. */
  static boolean taggedEvent(Op op, Snapshot state) {
    return op.overlappeds().stream()
        .anyMatch(
            ov -> state.object(ov).map(o -> o.events().contains(Obj.TAGGED_EVENT)).orElse(false));
  }

  /** How the method names the operation's handle. */
  static String handleName(Op op, Reporter out) {
    return op.handles().isEmpty() ? "the handle" : out.describe(op.handles().iterator().next());
  }

  /**
   * Its handle or OVERLAPPED is the summary of an array's elements (or reached through one): one
   * object stands for many, so what holds for one instance need not hold for the others.
   */
  static boolean onArrayElements(Op op) {
    return op.overlappeds().stream().anyMatch(id -> id.contains("[]"))
        || op.handles().stream().anyMatch(id -> id.contains("[]"));
  }
}
