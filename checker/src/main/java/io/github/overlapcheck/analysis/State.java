package io.github.overlapcheck.analysis;

import io.github.overlapcheck.ir.Expr;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The abstract state at one program point: values of locals, facts of tracked objects, started
 * operations, and which operations the thread's last error may belong to. States are joined at
 * merges; a state is copied before a branch changes it.
 *
 * <p>Operations are shared between a state and its copies (a method may hold thousands of them, and
 * every node copies its state): the map itself is persistent ({@link OpMap}: a copy shares it, a
 * join or a comparison walks only what differs), and an {@link Op} in {@link #ops} is changed only
 * through {@link #own}, which replaces it by a copy of this state's own unless this state made it
 * since it was last shared.
 */
final class State {
  final Map<String, Val> locals;
  final Map<String, Obj> objects;

  /** Read freely; change an operation only through {@link #own}. */
  final OpMap ops;

  Set<Integer> lastErrorOps;

  /**
   * The ids of the operations whose possible outcomes a change in this state (or one it was copied
   * or joined from) left empty: every operation in {@link #ops} with no possible outcome is among
   * them, so that {@link #feasible} need not look at the others. Only {@link #refine} and the
   * {@code not*} methods can leave an operation without outcomes: the other changes that take one
   * away (a wait, a signalled event, a dequeued packet) put AWAITED in its place, and joins add.
   */
  private Set<Integer> emptied = Set.of();

  /**
   * Marks the operations this state may change in place ({@link Op#owner}); replaced whenever its
   * operations become shared with another state.
   */
  private Object token = new Object();

  /**
   * The prefix of the objects that stand for a field through which another method of the class
   * passed an operation's bytes-transferred out-parameter ({@code count:Owner#name}).
   */
  static final String COUNT_FIELD = "count:";

  /** A packet may have been dequeued from a completion port on the path here. */
  boolean dequeued;

  State() {
    this(new HashMap<>(), new HashMap<>(), new OpMap(), Set.of());
  }

  private State(
      Map<String, Val> locals, Map<String, Obj> objects, OpMap ops, Set<Integer> lastErrorOps) {
    this.locals = locals;
    this.objects = objects;
    this.ops = ops;
    this.lastErrorOps = lastErrorOps;
  }

  /** The same objects, operations and last error, with other locals (a helper's frame). */
  State withLocals(Map<String, Val> locals) {
    State c = copy();
    Map<String, Val> frame = new HashMap<>(locals);
    // The class's boolean fields are the same in the helper's frame.
    this.locals.forEach(
        (k, v) -> {
          if (k.startsWith(FIELD_FLAG)) {
            frame.put(k, v);
          }
        });
    State n = new State(frame, c.objects, c.ops, lastErrorOps);
    n.dequeued = dequeued;
    n.emptied = emptied;
    return n;
  }

  /** Becomes {@code other}: its locals, objects, operations and last error. */
  void replaceWith(State other) {
    if (other == this) {
      // (A branch that could go one way only gives back the state it was given.)
      return;
    }
    locals.clear();
    locals.putAll(other.locals);
    adopt(other);
  }

  /**
   * Locals named so stand for the class's boolean fields, followed like locals within a method and
   * the helpers it calls ({@code writing = true; ... if (!writing) ...}).
   */
  static final String FIELD_FLAG = "this#";

  /**
   * Takes over {@code other}'s objects, operations, last error and the class's boolean fields (a
   * helper's result).
   */
  void adopt(State other) {
    if (other == this) {
      return;
    }
    locals.keySet().removeIf(k -> k.startsWith(FIELD_FLAG));
    other.locals.forEach(
        (k, v) -> {
          if (k.startsWith(FIELD_FLAG)) {
            locals.put(k, v);
          }
        });
    objects.clear();
    objects.putAll(other.objects);
    ops.setAll(other.ops);
    // Both hold the same operations now.
    token = new Object();
    other.token = new Object();
    lastErrorOps = other.lastErrorOps;
    dequeued = other.dequeued;
    emptied = other.emptied;
  }

  State copy() {
    Map<String, Obj> objs = new HashMap<>();
    objects.forEach((k, v) -> objs.put(k, v.copy()));
    // The operations are shared: neither state changes them in place from now on.
    token = new Object();
    State c = new State(new HashMap<>(locals), objs, new OpMap(ops), lastErrorOps);
    c.dequeued = dequeued;
    c.emptied = emptied;
    return c;
  }

  /**
   * Operation {@code id}, to be changed in this state: a copy of its own if the operation may be
   * shared with another state. Null if there is no such operation.
   */
  // The token is a mark of identity: which state owns the operation.
  @SuppressWarnings("ReferenceEquality")
  Op own(int id) {
    Op op = ops.get(id);
    if (op == null || op.owner == token) {
      return op;
    }
    Op c = op.copy();
    c.owner = token;
    ops.put(id, c);
    return c;
  }

  /** {@link #own(int)} for an entry of {@link #ops} being iterated. */
  @SuppressWarnings("ReferenceEquality")
  Op own(Map.Entry<Integer, Op> e) {
    Op op = e.getValue();
    if (op.owner == token) {
      return op;
    }
    Op c = op.copy();
    c.owner = token;
    e.setValue(c);
    return c;
  }

  /** A new operation, which this state may change in place until it is shared. */
  void put(Op op) {
    op.owner = token;
    ops.put(op.call.id(), op);
    noteIfEmpty(op);
  }

  /**
   * {@code op}, this state's own ({@link #own}), lost possible outcomes or flags in place: keeps
   * {@link #emptied} complete and the map's summary of kinds ({@link OpMap#refresh}) current.
   */
  void narrowed(Op op) {
    ops.refresh(op.call.id());
    noteIfEmpty(op);
  }

  private void noteIfEmpty(Op op) {
    int id = op.call.id();
    if (op.outcome.isEmpty() && !emptied.contains(id)) {
      Set<Integer> e = new HashSet<>(emptied);
      e.add(id);
      emptied = Set.copyOf(e);
    }
  }

  Optional<Obj> obj(String id) {
    return Optional.ofNullable(objects.get(id));
  }

  /** The object, created with default facts if it was not tracked yet. */
  Obj track(String id) {
    return objects.computeIfAbsent(id, k -> new Obj());
  }

  /** Refines every listed operation's possible outcomes to those in {@code keep}. */
  void refine(Set<Integer> opIds, EnumSet<Outcome> keep) {
    for (int id : opIds) {
      Op op = own(id);
      if (op != null) {
        EnumSet<Outcome> refined = op.outcome.clone();
        refined.retainAll(keep);
        op.outcome = refined;
        narrowed(op);
        if (refined.contains(Outcome.FAILED) && !refined.contains(Outcome.COMPLETED_AT_ONCE)) {
          op.falseTaken = true;
        }
        if (op.structureByValue
            && !refined.contains(Outcome.PENDING)
            && !refined.contains(Outcome.AWAITED)) {
          // Done when the call returned, and read back then: its Java copy is current.
          for (String ov : op.overlappeds) {
            Obj o = objects.get(ov);
            if (o != null) {
              o.javaCopyMayBeStale = false;
            }
          }
        }
      }
    }
  }

  /**
   * The operations that may have turned out so and that {@code filter} accepts, in the map's order.
   * For a pending, failed or completed-at-once outcome only the parts of the map that may hold such
   * operations are walked ({@link OpMap#forEachOfKind}): in a long method most are over.
   */
  List<Op> thatMay(Outcome outcome, Predicate<Op> filter) {
    List<Op> found = new ArrayList<>();
    BiConsumer<Integer, Op> keep =
        (id, op) -> {
          if (op.outcome.contains(outcome) && filter.test(op)) {
            found.add(op);
          }
        };
    switch (outcome) {
      case PENDING -> ops.forEachOfKind(Op.MAY_PEND, keep);
      case FAILED -> ops.forEachOfKind(Op.MAY_FAIL, keep);
      case COMPLETED_AT_ONCE -> ops.forEachOfKind(Op.MAY_COMPLETE_AT_ONCE, keep);
      case AWAITED -> ops.forEach(keep);
    }
    return found;
  }

  /** False once a refinement left some operation with no possible outcome: an impossible path. */
  boolean feasible() {
    for (int id : emptied) {
      Op op = ops.get(id);
      if (op != null && op.outcome.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  static State join(State a, State b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    Map<String, Val> locals = new HashMap<>(a.locals);
    b.locals.forEach((k, v) -> locals.merge(k, v, Val::join));
    for (Map.Entry<String, Val> e : locals.entrySet()) {
      Val va = a.locals.get(e.getKey());
      Val vb = b.locals.get(e.getKey());
      if (va != null && vb != null && !va.equals(vb)) {
        e.setValue(flag(va, a, vb, b, e.getValue()));
      }
    }
    Map<String, Obj> objects = new HashMap<>();
    a.objects.forEach((k, v) -> objects.put(k, v.copy()));
    b.objects.forEach((k, v) -> objects.merge(k, v.copy(), Obj::join));
    // The joined state shares the operations that are the same on both sides; neither side
    // changes them in place from now on.
    a.token = new Object();
    b.token = new Object();
    OpMap ops =
        OpMap.merge(
            a.ops,
            b.ops,
            (x, y) -> {
              if (x == y || x.sameAs(y)) {
                // What the merge below makes of them: x's fields, all of them.
                return x;
              }
              Op j = x.copy();
              j.outcome.addAll(y.outcome);
              j.repeated |= y.repeated;
              j.falseTaken |= y.falseTaken;
              j.eventWaited |= y.eventWaited;
              j.handedOver |= y.handedOver;
              j.atOnceWork = union(j.atOnceWork, y.atOnceWork);
              j.sharedWork = union(j.sharedWork, y.sharedWork);
              j.reallocated = union(j.reallocated, y.reallocated);
              j.packetMayBeTaken |= y.packetMayBeTaken;
              j.cancelledBy = earlier(j.cancelledBy, y.cancelledBy);
              j.nonAlertableWaits = union(j.nonAlertableWaits, y.nonAlertableWaits);
              j.pathWithoutNonAlertableWait |= y.pathWithoutNonAlertableWait;
              return j;
            });
    Set<Integer> lastError = new HashSet<>(a.lastErrorOps);
    lastError.addAll(b.lastErrorOps);
    State j = new State(locals, objects, ops, Set.copyOf(lastError));
    j.dequeued = a.dequeued || b.dequeued;
    j.emptied = union(a.emptied, b.emptied);
    return j;
  }

  /**
   * Of two calls the paths name, the one first in the class: a join keeps one, the same whichever
   * side comes first (the analysis's result must not depend on the order it visits nodes in).
   */
  static Optional<Expr.Call> earlier(Optional<Expr.Call> x, Optional<Expr.Call> y) {
    if (x.isEmpty()) {
      return y;
    }
    if (y.isEmpty()) {
      return x;
    }
    return x.get().id() <= y.get().id() ? x : y;
  }

  /** Operations a flag may speak for; beyond, flags are not followed. */
  private static final int MAX_FLAG_OPS = 32;

  /**
   * A boolean local that two paths set differently says, after they join, which operations are not
   * pending, and which did not fail, for each of its values: {@code writing} is false on the path
   * where the write was awaited (or failed, or never started) and true where it may be pending.
   */
  static Val flag(Val va, State a, Val vb, State b, Val joined) {
    if (a.ops.size() > MAX_FLAG_OPS || b.ops.size() > MAX_FLAG_OPS) {
      return joined;
    }
    Set<Integer> keys = new HashSet<>(a.ops.keySet());
    keys.addAll(b.ops.keySet());
    if (keys.size() > MAX_FLAG_OPS) {
      // Bounded, so that a join costs no more than the states it joins.
      return joined;
    }
    PathFlag sa = flagFor(va, a, keys);
    PathFlag sb = flagFor(vb, b, keys);
    if (sa == null || sb == null) {
      return joined;
    }
    // (Operations idle on both paths are kept: a later join with a path that has them pending
    // still learns from them.)
    Val.Flag f =
        new Val.Flag(
            intersect(sa.notPendingIfTrue(), sb.notPendingIfTrue(), keys),
            intersect(sa.notPendingIfFalse(), sb.notPendingIfFalse(), keys),
            intersect(sa.notFailedIfTrue(), sb.notFailedIfTrue(), keys),
            intersect(sa.notFailedIfFalse(), sb.notFailedIfFalse(), keys),
            Set.of(),
            Set.of(),
            intersect(sa.notAtOnceIfTrue(), sb.notAtOnceIfTrue(), keys),
            intersect(sa.notAtOnceIfFalse(), sb.notAtOnceIfFalse(), keys));
    return f.isEmpty() ? joined : joined.withFlag(f);
  }

  /**
   * For one path: what the flag says for each value. A set is null where the flag never has that
   * value on the path (which says nothing). Null for a value that is not a flag.
   */
  private record PathFlag(
      Set<Integer> notPendingIfTrue,
      Set<Integer> notPendingIfFalse,
      Set<Integer> notFailedIfTrue,
      Set<Integer> notFailedIfFalse,
      Set<Integer> notAtOnceIfTrue,
      Set<Integer> notAtOnceIfFalse) {}

  private static PathFlag flagFor(Val v, State s, Set<Integer> keys) {
    if (v.constant().isPresent()) {
      long c = v.constant().getAsLong();
      if (c != 0 && c != 1) {
        return null;
      }
      Set<Integer> idle = new HashSet<>();
      Set<Integer> notFailed = new HashSet<>();
      Set<Integer> notAtOnce = new HashSet<>();
      for (int k : keys) {
        Op op = s.ops.get(k);
        if (op == null || !op.mayBePending()) {
          idle.add(k);
        }
        if (op == null || !op.outcome.contains(Outcome.FAILED)) {
          notFailed.add(k);
        }
        if (op == null || !op.outcome.contains(Outcome.COMPLETED_AT_ONCE)) {
          notAtOnce.add(k);
        }
      }
      return c == 1
          ? new PathFlag(idle, null, notFailed, null, notAtOnce, null)
          : new PathFlag(null, idle, null, notFailed, null, notAtOnce);
    }
    Val.Flag f = v.flag();
    return f.isEmpty()
        ? null
        : new PathFlag(
            f.notPendingIfTrue(),
            f.notPendingIfFalse(),
            f.notFailedIfTrue(),
            f.notFailedIfFalse(),
            f.notAtOnceIfTrue(),
            f.notAtOnceIfFalse());
  }

  private static Set<Integer> intersect(Set<Integer> x, Set<Integer> y, Set<Integer> all) {
    Set<Integer> r = new HashSet<>(x == null ? all : x);
    r.retainAll(y == null ? all : y);
    return r;
  }

  /** Removes PENDING from these operations: a flag says they are not in flight on this path. */
  void notPending(Set<Integer> keys) {
    for (int k : keys) {
      Op op = ops.get(k);
      if (op != null && op.outcome.contains(Outcome.PENDING)) {
        Op c = own(k);
        c.outcome.remove(Outcome.PENDING);
        c.repeated = false;
        narrowed(c);
      }
    }
  }

  /**
   * The method does something at place {@code place}: recorded for each operation that may have
   * returned TRUE here and queues no packet if it did (see {@link Op#atOnceWork}).
   */
  void work(int place) {
    if (!ops.mayHold(Op.NO_PACKET_IF_TRUE)) {
      return;
    }
    for (Map.Entry<Integer, Op> e : ops.entrySet()) {
      Op op = e.getValue();
      if (!op.noPacketIfTrue || !op.outcome.contains(Outcome.COMPLETED_AT_ONCE)) {
        continue;
      }
      // Known not to be pending: a place the pending path does not reach (with this outcome).
      boolean only = !op.outcome.contains(Outcome.PENDING);
      Set<Integer> places = only ? op.atOnceWork : op.sharedWork;
      if (places.contains(place)) {
        continue;
      }
      Op c = own(e);
      if (only) {
        c.atOnceWork = union(places, Set.of(place));
      } else {
        c.sharedWork = union(places, Set.of(place));
      }
    }
  }

  /**
   * Both sets: one of them itself where it holds the other (a value joined at every merge of a long
   * method need not be copied each time), else an immutable copy.
   */
  static <T> Set<T> union(Set<T> a, Set<T> b) {
    if (a.containsAll(b)) {
      return a;
    }
    if (b.containsAll(a)) {
      return b;
    }
    Set<T> u = new HashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }

  /** Marks these operations' FALSE as branched on: a condition kept in a local says so. */
  void falseTaken(Set<Integer> keys) {
    for (int k : keys) {
      Op op = ops.get(k);
      if (op != null && !op.falseTaken) {
        own(k).falseTaken = true;
      }
    }
  }

  /**
   * A new instance from an allocation site (in a loop, the next iteration's): operations that used
   * the site's earlier instance keep using that one, not this (see {@link Op#reallocated}).
   */
  void putFresh(String id, Obj o) {
    objects.put(id, o);
    for (Map.Entry<Integer, Op> e : ops.entrySet()) {
      Op op = e.getValue();
      if ((op.buffers.contains(id) || op.overlappeds.contains(id))
          && !op.reallocated.contains(id)) {
        Op c = own(e);
        c.reallocated = union(op.reallocated, Set.of(id));
      }
    }
  }

  /** Removes COMPLETED_AT_ONCE from these operations: a flag says they did not return TRUE. */
  void notAtOnce(Set<Integer> keys) {
    for (int k : keys) {
      Op op = ops.get(k);
      if (op != null && op.outcome.contains(Outcome.COMPLETED_AT_ONCE)) {
        Op c = own(k);
        c.outcome.remove(Outcome.COMPLETED_AT_ONCE);
        narrowed(c);
      }
    }
  }

  /** Removes FAILED from these operations: a flag says they were started on this path. */
  void notFailed(Set<Integer> keys) {
    for (int k : keys) {
      Op op = ops.get(k);
      if (op != null && op.outcome.contains(Outcome.FAILED)) {
        Op c = own(k);
        c.outcome.remove(Outcome.FAILED);
        narrowed(c);
      }
    }
  }

  /** The operation was started again: what flags said of its earlier instance no longer holds. */
  void forgetFlags(int op) {
    locals.replaceAll((k, v) -> v.forgetting(op));
  }

  boolean sameAs(State o) {
    if (!locals.equals(o.locals)
        || dequeued != o.dequeued
        || !lastErrorOps.equals(o.lastErrorOps)
        || objects.size() != o.objects.size()
        || ops.size() != o.ops.size()) {
      return false;
    }
    for (Map.Entry<String, Obj> e : objects.entrySet()) {
      Obj other = o.objects.get(e.getKey());
      if (other == null || !e.getValue().sameAs(other)) {
        return false;
      }
    }
    return OpMap.sameEntries(ops, o.ops, Op::sameAs);
  }
}
