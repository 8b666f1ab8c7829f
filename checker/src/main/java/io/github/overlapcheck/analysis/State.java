package io.github.overlapcheck.analysis;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The abstract state at one program point: values of locals, facts of tracked objects, started
 * operations, and which operations the thread's last error may belong to. States are joined at
 * merges; a state is copied before a branch changes it.
 */
final class State {
  final Map<String, Val> locals;
  final Map<String, Obj> objects;
  final Map<Integer, Op> ops;
  Set<Integer> lastErrorOps;

  State() {
    this(new HashMap<>(), new HashMap<>(), new HashMap<>(), Set.of());
  }

  private State(
      Map<String, Val> locals,
      Map<String, Obj> objects,
      Map<Integer, Op> ops,
      Set<Integer> lastErrorOps) {
    this.locals = locals;
    this.objects = objects;
    this.ops = ops;
    this.lastErrorOps = lastErrorOps;
  }

  /** The same objects, operations and last error, with other locals (a helper's frame). */
  State withLocals(Map<String, Val> locals) {
    State c = copy();
    return new State(locals, c.objects, c.ops, lastErrorOps);
  }

  /** Takes over {@code other}'s objects, operations and last error (a helper's result). */
  void adopt(State other) {
    objects.clear();
    objects.putAll(other.objects);
    ops.clear();
    ops.putAll(other.ops);
    lastErrorOps = other.lastErrorOps;
  }

  State copy() {
    Map<String, Obj> objs = new HashMap<>();
    objects.forEach((k, v) -> objs.put(k, v.copy()));
    Map<Integer, Op> o = new HashMap<>();
    ops.forEach((k, v) -> o.put(k, v.copy()));
    return new State(new HashMap<>(locals), objs, o, lastErrorOps);
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
      Op op = ops.get(id);
      if (op != null) {
        EnumSet<Outcome> refined = op.outcome.clone();
        refined.retainAll(keep);
        op.outcome = refined;
      }
    }
  }

  /** False once a refinement left some operation with no possible outcome: an impossible path. */
  boolean feasible() {
    for (Op op : ops.values()) {
      if (op.outcome.isEmpty()) {
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
    Map<String, Obj> objects = new HashMap<>();
    a.objects.forEach((k, v) -> objects.put(k, v.copy()));
    b.objects.forEach((k, v) -> objects.merge(k, v.copy(), Obj::join));
    Map<Integer, Op> ops = new HashMap<>();
    a.ops.forEach((k, v) -> ops.put(k, v.copy()));
    b.ops.forEach(
        (k, v) ->
            ops.merge(
                k,
                v.copy(),
                (x, y) -> {
                  Op j = x.copy();
                  j.outcome.addAll(y.outcome);
                  j.repeated |= y.repeated;
                  return j;
                }));
    Set<Integer> lastError = new HashSet<>(a.lastErrorOps);
    lastError.addAll(b.lastErrorOps);
    return new State(locals, objects, ops, Set.copyOf(lastError));
  }

  boolean sameAs(State o) {
    if (!locals.equals(o.locals)
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
    for (Map.Entry<Integer, Op> e : ops.entrySet()) {
      Op other = o.ops.get(e.getKey());
      if (other == null || !e.getValue().sameAs(other)) {
        return false;
      }
    }
    return true;
  }
}
