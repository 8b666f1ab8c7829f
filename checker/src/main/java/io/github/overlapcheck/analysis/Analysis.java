package io.github.overlapcheck.analysis;

import io.github.overlapcheck.api.Binding;
import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.api.StructureSync;
import io.github.overlapcheck.api.Win32Constant;
import io.github.overlapcheck.api.Win32Function;
import io.github.overlapcheck.ir.ClassModel;
import io.github.overlapcheck.ir.Expr;
import io.github.overlapcheck.ir.MethodModel;
import io.github.overlapcheck.ir.Stmt;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The analysis of one method: a forward dataflow over its control-flow graph to a fixpoint, then
 * one reporting pass in which every rule sees each program point once, with the state that holds
 * there on every path. Each node is processed a bounded number of times ({@link #MAX_VISITS}), so
 * the number of visits is linear in the size of the method; a visit's cost still grows with the
 * operations started before the node (docs/benchmarks.md, "Scaling").
 */
public final class Analysis {
  /** A node whose state keeps changing after this many visits stops propagating changes. */
  private static final int MAX_VISITS = 24;

  private Analysis() {}

  /**
   * Whether the rules can find anything in a class whose code calls only methods of these names
   * (every call in the class, in its nested classes and lambdas too). A started operation comes
   * only from a call of a function that starts I/O (by its name, as every binding is matched), in
   * the class itself: its methods, the helpers they follow and the class facts are all of that
   * class. Without one, no state holds an operation, and a rule can report only at the calls it
   * names in {@link Rule#reportsWithoutOperationsAt} (a rule that names none there may report
   * anywhere).
   */
  public static boolean mayFind(Set<String> calledNames, List<Rule> rules) {
    Set<Operation> without = java.util.EnumSet.noneOf(Operation.class);
    for (Rule r : rules) {
      Optional<Set<Operation>> at = r.reportsWithoutOperationsAt();
      if (at.isEmpty()) {
        return true;
      }
      without.addAll(at.get());
    }
    for (String name : calledNames) {
      Optional<Operation> op = Win32Function.byMethodName(name).map(Win32Function::operation);
      if (op.isPresent() && (op.get().startsIo() || without.contains(op.get()))) {
        return true;
      }
    }
    return false;
  }

  /** Analyses {@code method} of {@code cls} (whose class facts are {@code facts}). */
  public static List<Finding> analyze(
      MethodModel method, ClassModel cls, ClassFacts facts, List<Rule> rules) {
    return run(method, Optional.of(cls), facts, rules);
  }

  /**
   * Analyses a method: with its same-class helpers in place when {@code cls} is given; without, for
   * what a helper reports on its own (which is not reported again at its calls).
   */
  private static List<Finding> run(
      MethodModel method, Optional<ClassModel> cls, ClassFacts facts, List<Rule> rules) {
    Cfg cfg;
    try {
      cfg = Cfg.build(method);
    } catch (Cfg.TooLarge e) {
      return List.of();
    }
    Collector out =
        new Collector(
            expectsPending(method.body()),
            cls.map(c -> runs(method, c, facts)).orElse(Rule.Runs.UNKNOWN));
    Interpreter interpreter = new Interpreter(rules, out, null, out.names);
    cls.ifPresent(c -> interpreter.setInliner(new Helpers(method, c, facts, rules, out)));
    reportingPass(cfg, fixpoint(cfg, interpreter, initial(method, facts, out)), interpreter);
    return oneRootCause(out.findings.values(), rules);
  }

  /** Which thread {@code method} runs on (see {@link Rule.Runs}). */
  private static Rule.Runs runs(MethodModel method, ClassModel cls, ClassFacts facts) {
    if (facts.threadBodies().contains(method.name())) {
      return Rule.Runs.OWN_THREAD;
    }
    for (MethodModel body : cls.methods()) {
      if (facts.threadBodies().contains(body.name()) && calls(body, method.name())) {
        return Rule.Runs.UNKNOWN;
      }
    }
    return Rule.Runs.CALLERS_THREAD;
  }

  private static boolean calls(MethodModel caller, String callee) {
    boolean[] found = {false};
    IrWalker.walk(
        caller.body(),
        e -> {
          if (e instanceof Expr.Call c && c.sameClassMethod().equals(Optional.of(callee))) {
            found[0] = true;
          }
        });
    return found[0];
  }

  /**
   * One mistake, one finding: a finding is dropped where another rule that explains it (see {@link
   * Rule#explains}) reports at the same node.
   */
  // The same node is the same tree object: identity is the point.
  @SuppressWarnings("ReferenceEquality")
  static List<Finding> oneRootCause(Collection<Finding> findings, List<Rule> rules) {
    Map<String, Set<String>> explains = new HashMap<>();
    for (Rule r : rules) {
      explains.put(r.name(), r.explains());
    }
    // For each rule, the findings that may explain one of its findings (of a rule that explains
    // it), by their node and by each thing they concern: a finding is compared only with those
    // that share its node or a concern, not with every other (a long method may have thousands).
    // (An equal key also finds the identical one.)
    Map<String, Map<Object, List<Finding>>> explainers = new HashMap<>();
    for (Finding g : findings) {
      for (String explained : explains.getOrDefault(g.rule(), Set.of())) {
        Map<Object, List<Finding>> about =
            explainers.computeIfAbsent(explained, k -> new HashMap<>());
        about.computeIfAbsent(g.origin(), k -> new ArrayList<>()).add(g);
        for (Object c : g.concerns()) {
          about.computeIfAbsent(c, k -> new ArrayList<>()).add(g);
        }
      }
    }
    List<Finding> kept = new ArrayList<>();
    for (Finding f : findings) {
      Map<Object, List<Finding>> about = explainers.get(f.rule());
      if (about == null) {
        // No rule that explains this one reported anything.
        kept.add(f);
        continue;
      }
      List<Finding> candidates = new ArrayList<>(about.getOrDefault(f.origin(), List.of()));
      for (Object c : f.concerns()) {
        candidates.addAll(about.getOrDefault(c, List.of()));
      }
      boolean explained =
          candidates.stream()
              .anyMatch(
                  g ->
                      explains.getOrDefault(g.rule(), Set.of()).contains(f.rule())
                          && (g.origin() == f.origin()
                              || f.concerns().contains(g.origin())
                              || g.concerns().stream().anyMatch(f.concerns()::contains)));
      if (!explained) {
        kept.add(f);
      }
    }
    return List.copyOf(kept);
  }

  /** Every reachable node once, with its converged state, telling the rules. */
  private static void reportingPass(Cfg cfg, State[] in, Interpreter interpreter) {
    interpreter.setReporting(true);
    for (Cfg.Node n : cfg.nodes) {
      if (in[n.id] != null) {
        transfer(n, in[n.id].copy(), interpreter, (target, s) -> {});
      }
    }
  }

  /** What the methods of a class do to its fields: open, bind, set modes. */
  public static ClassFacts classFacts(ClassModel cls) {
    Map<String, Obj> stored = new HashMap<>();
    Set<String> bound = new HashSet<>();
    Set<String> skip = new HashSet<>();
    Map<String, Set<String>> members = new HashMap<>();
    Map<String, Set<String>> fieldEvents = new HashMap<>();
    Map<String, Map<Integer, Integer>> pendingElsewhere = new HashMap<>();
    Map<String, Map<String, Map<Integer, Integer>>> inFlight = new HashMap<>();
    Map<String, Map<Integer, Op>> leftPending = new HashMap<>();
    Map<String, Set<Integer>> guardCandidates = new HashMap<>();
    Interpreter.FieldEvents events =
        new Interpreter.FieldEvents() {
          @Override
          public void stored(String field, Obj facts) {
            stored.merge(field, facts.copy(), Obj::join);
          }

          @Override
          public void bound(String field) {
            bound.add(field);
          }

          @Override
          public void skipModeSet(String field) {
            skip.add(field);
          }

          @Override
          public void fieldEventSet(String field, Set<String> events) {
            fieldEvents.computeIfAbsent(field, k -> new HashSet<>()).addAll(events);
          }

          @Override
          public void memberSet(String field, String member, boolean toNull) {
            // A null event, or a zero OffsetHigh, sets nothing worth knowing.
            if (!((member.equals("hEvent") || member.equals("OffsetHigh")) && toNull)) {
              members.computeIfAbsent(field, k -> new HashSet<>()).add(member);
            }
          }
        };
    BitSet sources = factSources(cls);
    for (int i = 0; i < cls.methods().size(); i++) {
      MethodModel m = cls.methods().get(i);
      if (!sources.get(i)) {
        continue;
      }
      Cfg cfg;
      try {
        cfg = Cfg.build(m);
      } catch (Cfg.TooLarge e) {
        continue;
      }
      Collector names = new Collector(false);
      Interpreter interpreter = new Interpreter(List.of(), names, events, names.names);
      interpreter.setInliner(new Helpers(m, cls, ClassFacts.NONE, List.of(), names));
      State[] in = fixpoint(cfg, interpreter, initial(m, ClassFacts.NONE, names));
      // What the method may have in flight at any point, for methods running concurrently. The
      // states share most of their operations (the same objects, no longer changed): each is
      // looked at once.
      Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      for (State st : in) {
        if (st == null) {
          continue;
        }
        st.ops.forEachUnseen(
            seen,
            op -> {
              if (op.mayBePending()) {
                for (String h : op.handles) {
                  if (h.startsWith("this.")) {
                    inFlight
                        .computeIfAbsent(m.name(), k -> new HashMap<>())
                        .computeIfAbsent(h.substring(5), k -> new HashMap<>())
                        .merge(op.call.id(), op.repeated ? 2 : 1, Math::max);
                  }
                }
              }
            });
      }
      // Operations a method returns with still pending, on a field's handle, are outstanding
      // when the class's other methods (or the next call of this one) use that handle.
      for (Cfg.Node n : cfg.nodes) {
        if (n.kind == Cfg.Kind.EXIT && !n.exceptional && in[n.id] != null) {
          // The state once the returned expression is evaluated (it may wait, too).
          State atExit = in[n.id].copy();
          n.expr.ifPresent(e -> interpreter.eval(e, atExit));
          for (Op op : atExit.ops.values()) {
            if (op.mayBePending() && !op.elsewhere) {
              Op left = op.onFieldsOnly();
              if (left != null) {
                leftPending.computeIfAbsent(m.name(), k -> new HashMap<>()).put(op.call.id(), left);
                atExit.locals.forEach(
                    (k, v) -> {
                      if (k.startsWith(State.FIELD_FLAG)
                          && v.constant().equals(OptionalLong.of(1))) {
                        guardCandidates
                            .computeIfAbsent(
                                k.substring(State.FIELD_FLAG.length()), x -> new HashSet<>())
                            .add(op.call.id());
                      }
                    });
              }
            }
            if (op.mayBePending()) {
              for (String h : op.handles) {
                if (h.startsWith("this.")) {
                  pendingElsewhere
                      .computeIfAbsent(h.substring(5), k -> new HashMap<>())
                      .merge(op.call.id(), op.repeated ? 2 : 1, Math::max);
                }
              }
            }
          }
        }
      }
    }
    Map<String, Obj> fields = new HashMap<>();
    Set<String> all = new HashSet<>(stored.keySet());
    all.addAll(bound);
    all.addAll(skip);
    all.addAll(members.keySet());
    all.addAll(pendingElsewhere.keySet());
    for (String f : all) {
      Obj o;
      if (stored.containsKey(f)) {
        // What was stored, plus what any method of the class sets on it.
        o = stored.get(f).copy();
        Set<String> set = members.getOrDefault(f, Set.of());
        o.mayHaveEvent |= set.contains("hEvent");
        Set<String> known = new HashSet<>(o.events);
        known.addAll(fieldEvents.getOrDefault(f, Set.of()));
        o.events = Set.copyOf(known);
        o.mayHaveOffset |= set.contains("Offset") || set.contains("OffsetHigh");
        o.mayHaveOffsetSinceUse = o.mayHaveOffset;
        o.mayHaveOffsetHigh |= set.contains("OffsetHigh");
        o.autoWrite &= !set.contains(Interpreter.AUTO_WRITE_OFF);
        // What another method did to the Java copy does not carry over (see initial() for the
        // operations other methods leave pending with it).
        o.javaCopyMayBeStale = false;
      } else {
        o = new Obj();
        o.mayHaveOffset = true;
        o.mayHaveOffsetSinceUse = true;
        o.mayHaveEvent = true;
      }
      o.storage = Storage.ELSEWHERE;
      o.mayEscape = true;
      o.pendingElsewhere = Map.copyOf(pendingElsewhere.getOrDefault(f, Map.of()));
      o.boundToPort = bound.contains(f) ? Tri.YES : Tri.NO;
      o.skipPortOnSuccess = skip.contains(f) ? Tri.YES : Tri.NO;
      fields.put(f, o);
    }
    ClassFacts facts =
        new ClassFacts(
            fields, inFlight, cls.threadBodies(), cls.settledFields(), leftPending, Map.of());
    Map<String, Set<Integer>> guards = fieldGuards(cls, facts, guardCandidates);
    return guards.isEmpty()
        ? facts
        : new ClassFacts(
            fields, inFlight, cls.threadBodies(), cls.settledFields(), leftPending, guards);
  }

  /**
   * The methods whose analysis can add to the class facts; the others (most methods of a large
   * class that does little I/O) are not analysed for them. What a method adds comes from its own
   * code: a field, an array element or a field's member assigned, a handle bound or its completion
   * modes set, automatic write turned off ({@link Interpreter.FieldEvents}), and the operations
   * pending in it, which only a call that starts I/O makes, in the method itself or in a same-class
   * helper analysed in place (whose own field events are not the caller's: helpers run without
   * them). Lambdas are not followed here ({@link Helpers#runElsewhere} runs only when reporting).
   */
  static BitSet factSources(ClassModel cls) {
    List<MethodModel> methods = cls.methods();
    BitSet sources = new BitSet();
    // By name: a helper is found by name and arity, so any overload of a name counts.
    Set<String> startIo = new HashSet<>();
    List<Set<String>> called = new ArrayList<>();
    for (int i = 0; i < methods.size(); i++) {
      boolean[] found = {false, false};
      Set<String> callees = new HashSet<>();
      IrWalker.walk(
          methods.get(i).body(),
          e -> {
            if (e instanceof Expr.Assign a
                && (a.target() instanceof Expr.Field || a.target() instanceof Expr.ArrayElement)) {
              found[1] = true;
            } else if (e instanceof Expr.Call c) {
              Optional<Operation> op = c.binding().map(Binding::operation);
              if (op.map(Operation::startsIo).orElse(false)) {
                found[0] = true;
              } else if (op.map(FIELD_EVENT_CALLS::contains).orElse(false)
                  || StructureSync.AUTO_WRITE_SETTERS.contains(c.name())) {
                found[1] = true;
              }
              if (c.sameClassMethod().isPresent()) {
                callees.add(c.name());
              }
            }
          });
      if (found[0]) {
        startIo.add(methods.get(i).name());
      }
      sources.set(i, found[0] || found[1]);
      called.add(callees);
    }
    // Methods that start I/O through the helpers they call, and the helpers' callers in turn.
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < methods.size(); i++) {
        if (!startIo.contains(methods.get(i).name())
            && called.get(i).stream().anyMatch(startIo::contains)) {
          startIo.add(methods.get(i).name());
          changed = true;
        }
      }
    }
    for (int i = 0; i < methods.size(); i++) {
      if (called.get(i).stream().anyMatch(startIo::contains)) {
        sources.set(i);
      }
    }
    return sources;
  }

  /** The modelled calls that tell the class facts something about a field's handle. */
  private static final Set<Operation> FIELD_EVENT_CALLS =
      java.util.EnumSet.of(
          Operation.BIND_TO_PORT, Operation.BIND_TO_THREAD_POOL, Operation.SET_NOTIFICATION_MODES);

  /**
   * Of the candidates (a boolean field left true where an operation on fields may be pending), the
   * fields that guard their operations in every method: analysed with the guard assumed on entry,
   * no method may end with the field possibly false while the operation may be pending. Checked
   * again while a candidate falls, a few rounds at most; none is kept if that does not settle.
   */
  private static Map<String, Set<Integer>> fieldGuards(
      ClassModel cls, ClassFacts facts, Map<String, Set<Integer>> candidates) {
    Map<Integer, Op> left = new HashMap<>();
    facts.leftPending().values().forEach(left::putAll);
    Map<String, Set<Integer>> guards = new HashMap<>();
    candidates.forEach(
        (f, ids) -> {
          Set<Integer> kept = new HashSet<>(ids);
          kept.retainAll(left.keySet());
          if (!kept.isEmpty()) {
            guards.put(f, kept);
          }
        });
    for (int round = 0; round < MAX_GUARD_ROUNDS && !guards.isEmpty(); round++) {
      ClassFacts trial =
          new ClassFacts(
              facts.fields(),
              facts.inFlight(),
              facts.threadBodies(),
              facts.settledFields(),
              facts.leftPending(),
              guards);
      boolean fell = false;
      for (MethodModel m : cls.methods()) {
        Cfg cfg;
        try {
          cfg = Cfg.build(m);
        } catch (Cfg.TooLarge e) {
          return Map.of();
        }
        Collector names = new Collector(false);
        Interpreter interpreter = new Interpreter(List.of(), names, null, names.names);
        interpreter.setInliner(new Helpers(m, cls, trial, List.of(), names));
        State[] in = fixpoint(cfg, interpreter, initial(m, trial, names));
        for (Cfg.Node n : cfg.nodes) {
          if (n.kind != Cfg.Kind.EXIT || in[n.id] == null) {
            continue;
          }
          State atExit = in[n.id].copy();
          n.expr.ifPresent(e -> interpreter.eval(e, atExit));
          for (Map.Entry<String, Set<Integer>> g : guards.entrySet()) {
            Val v = atExit.locals.get(State.FIELD_FLAG + g.getKey());
            fell |=
                g.getValue()
                    .removeIf(
                        id -> {
                          Op op = atExit.ops.get(id);
                          return op != null
                              && op.mayBePending()
                              && !(v != null
                                  && (v.constant().equals(OptionalLong.of(1))
                                      || v.flag().notPendingIfFalse().contains(id)));
                        });
          }
        }
      }
      guards.values().removeIf(Set::isEmpty);
      if (!fell) {
        return guards;
      }
    }
    return Map.of();
  }

  private static final int MAX_GUARD_ROUNDS = 3;

  /**
   * Operations that methods running concurrently with this one may have in flight on a field's
   * handle are outstanding here too: a thread body runs alongside every other method of its class,
   * and they alongside it.
   */
  private static void concurrent(MethodModel method, ClassFacts facts, State s) {
    if (facts.threadBodies().isEmpty() || method.name().equals("<init>")) {
      return;
    }
    boolean body = facts.threadBodies().contains(method.name());
    facts
        .inFlight()
        .forEach(
            (other, handles) -> {
              boolean alongside =
                  !other.equals(method.name())
                      && !other.equals("<init>")
                      && (body || facts.threadBodies().contains(other));
              if (!alongside) {
                return;
              }
              handles.forEach(
                  (field, calls) -> {
                    Obj h = s.objects.get("this." + field);
                    if (h == null) {
                      return;
                    }
                    Map<Integer, Integer> pending = new HashMap<>(h.pendingElsewhere);
                    calls.forEach((call, n) -> pending.merge(call, n, Math::max));
                    h.pendingElsewhere = Map.copyOf(pending);
                    Set<Integer> others = new HashSet<>(h.otherThreadOps);
                    others.addAll(calls.keySet());
                    h.otherThreadOps = Set.copyOf(others);
                  });
            });
  }

  private static State initial(MethodModel method, ClassFacts facts, Collector names) {
    State s = new State();
    for (MethodModel.Parameter p : method.parameters()) {
      String id = "param:" + p.name();
      Obj o = new Obj();
      o.storage = Storage.ELSEWHERE;
      o.mayEscape = true;
      o.mayHaveOffset = true;
      o.mayHaveOffsetSinceUse = true;
      o.mayHaveEvent = true;
      s.objects.put(id, o);
      s.locals.put(p.name(), Val.of(id));
      names.names.putIfAbsent(id, p.name());
    }
    facts.fields().forEach((f, o) -> s.objects.put("this." + f, o.copy()));
    concurrent(method, facts, s);
    if (!method.name().equals("<init>")) {
      // What the class's other methods may have left pending on its fields (start() posted a
      // read, close() runs later): seen by the rules that ask for it (Snapshot.allOperations).
      // An operation a boolean field guards is seeded into its own method too (the next call),
      // with the field's meaning.
      Set<Integer> guarded = new HashSet<>();
      facts.fieldGuards().values().forEach(guarded::addAll);
      facts
          .leftPending()
          .forEach(
              (other, ops) ->
                  ops.forEach(
                      (id, op) -> {
                        if (guarded.contains(id)) {
                          Op g = op.copy();
                          g.guardedByField = true;
                          s.ops.putIfAbsent(id, g);
                        } else if (!other.equals(method.name())) {
                          s.ops.putIfAbsent(id, op.copy());
                        }
                      }));
      // The kernel may have written an OVERLAPPED such an operation uses at any time since the
      // method that issued it returned: its Java copy is not known to be current here.
      for (Op op : s.ops.values()) {
        for (String ov : op.overlappeds) {
          Obj o = s.objects.get(ov);
          if (o != null) {
            o.javaCopyMayBeStale = true;
          }
        }
        // Its count out-parameter, kept in a field of another object (a request): that field,
        // reached here through an object of unknown origin, holds what the call stored.
        if (op.countField != null) {
          String id = State.COUNT_FIELD + op.countField;
          if (!s.objects.containsKey(id)) {
            Obj count = new Obj();
            count.storage = Storage.ELSEWHERE;
            count.mayEscape = true;
            count.countOf = Optional.of(op.call.id());
            s.objects.put(id, count);
            String owner = op.countField.substring(0, op.countField.indexOf('#'));
            names.names.putIfAbsent(
                id,
                owner.substring(owner.lastIndexOf('.') + 1)
                    + "."
                    + op.countField.substring(op.countField.indexOf('#') + 1));
          }
        }
      }
      facts
          .fieldGuards()
          .forEach(
              (f, ids) ->
                  s.locals.put(
                      State.FIELD_FLAG + f,
                      Val.NONE.withFlag(new Val.Flag(Set.of(), ids, Set.of(), Set.of()))));
    }
    if (!method.name().equals("<init>")) {
      for (String f : facts.settledFields()) {
        s.objects.computeIfAbsent("this." + f, k -> new Obj()).settledPosition = true;
      }
    }
    return s;
  }

  private interface Sink {
    void flow(Cfg.Node target, State state);
  }

  /**
   * The states that hold at the start of each node, to a fixpoint. Nodes are taken in reverse
   * post-order (a node after every node that reaches it other than through a loop's back edge), so
   * that a node is visited once all its forward predecessors are done: in code without loops each
   * node is visited once, and a loop's body again only when the loop's head changed.
   */
  private static State[] fixpoint(Cfg cfg, Interpreter interpreter, State initial) {
    int n = cfg.nodes.size();
    State[] in = new State[n];
    int[] visits = new int[n];
    int[] order = cfg.reversePostOrder();
    PriorityQueue<Cfg.Node> work =
        new PriorityQueue<>(Comparator.comparingInt((Cfg.Node node) -> order[node.id]));
    BitSet queued = new BitSet(n);
    in[cfg.entry.id] = initial;
    work.add(cfg.entry);
    queued.set(cfg.entry.id);
    Sink sink =
        (target, state) -> {
          if (state == null) {
            return;
          }
          State old = in[target.id];
          State joined = old == null ? state : State.join(old, state);
          if (old != null && joined.sameAs(old)) {
            return;
          }
          if (visits[target.id] >= MAX_VISITS) {
            return;
          }
          in[target.id] = joined;
          if (!queued.get(target.id)) {
            queued.set(target.id);
            work.add(target);
          }
        };
    while (!work.isEmpty()) {
      Cfg.Node node = work.poll();
      queued.clear(node.id);
      visits[node.id]++;
      transfer(node, in[node.id].copy(), interpreter, sink);
    }
    return in;
  }

  private static void transfer(Cfg.Node node, State s, Interpreter interpreter, Sink sink) {
    interpreter.takeThrown();
    switch (node.kind) {
      case ACTION -> {
        Val v =
            node.declares.isPresent()
                ? interpreter.evalCondition(node.expr.orElseThrow(), s)
                : interpreter.eval(node.expr.orElseThrow(), s);
        State thrown = interpreter.takeThrown();
        if (thrown != null && node.onThrow.isPresent()) {
          sink.flow(node.onThrow.get(), thrown);
        }
        if (node.declares.isPresent()) {
          interpreter.assignLocal(node.declares.get(), v, s);
        } else {
          interpreter.resultIgnored(v, s);
        }
        for (Cfg.Node next : node.successors) {
          sink.flow(next, s);
        }
      }
      case BRANCH -> {
        State[] outs = interpreter.branch(node.expr.orElseThrow(), s);
        State thrown = interpreter.takeThrown();
        if (thrown != null && node.onThrow.isPresent()) {
          sink.flow(node.onThrow.get(), thrown);
        }
        sink.flow(node.successors.get(0), outs[0]);
        if (node.successors.size() > 1) {
          sink.flow(node.successors.get(1), outs[1]);
        }
      }
      case EXIT -> interpreter.exit(node.expr, node.origin, node.exceptional, node.exitKind, s);
      case NOP -> {
        for (Cfg.Node next : node.successors) {
          sink.flow(next, s.copy());
        }
      }
    }
  }

  /** Whether the method compares a last error with ERROR_IO_PENDING or awaits a result. */
  private static boolean expectsPending(Stmt body) {
    boolean[] found = {false};
    IrWalker.walk(
        body,
        e -> {
          if (e instanceof Expr.IntConst c && c.value() == Win32Constant.ERROR_IO_PENDING.value()) {
            found[0] = true;
          }
          if (e instanceof Expr.Call c
              && c.binding()
                  .map(b -> b.operation() == Operation.GET_OVERLAPPED_RESULT)
                  .orElse(false)) {
            found[0] = true;
          }
        });
    return found[0];
  }

  /**
   * One level of same-class helpers, analysed in place of their calls with the caller's state: what
   * they start, free, wait for and return is seen by the caller. What a rule finds inside a helper
   * is reported at the call. A helper's own helpers are unknown calls.
   */
  private static final class Helpers implements Interpreter.Inliner {
    /** Helpers larger than this are unknown calls. */
    private static final int MAX_HELPER_NODES = 2_000;

    /** Node visits spent on helpers within one method, beyond which they are unknown calls. */
    private static final int BUDGET = 100_000;

    private final MethodModel caller;
    private final ClassModel cls;
    private final ClassFacts facts;
    private final List<Rule> rules;
    private final Collector out;
    // By identity: a model's hash code would walk its whole body.
    private final IdentityHashMap<MethodModel, Optional<Cfg>> cfgs = new IdentityHashMap<>();

    /** What each helper's own analysis reports, by rule and node: not reported again at calls. */
    private final IdentityHashMap<MethodModel, Set<FindingKey>> own = new IdentityHashMap<>();

    private int spent;

    Helpers(MethodModel caller, ClassModel cls, ClassFacts facts, List<Rule> rules, Collector out) {
      this.caller = caller;
      this.cls = cls;
      this.facts = facts;
      this.rules = rules;
      this.out = out;
    }

    @Override
    public void runElsewhere(Expr.Lambda lambda, State s) {
      List<Rule> threadRules = rules.stream().filter(Rule::seesOtherThreads).toList();
      if (threadRules.isEmpty() || spent > BUDGET) {
        return;
      }
      MethodModel body =
          new MethodModel(
              "lambda",
              lambda.parameters().stream().map(MethodModel.Parameter::new).toList(),
              lambda.body(),
              lambda.origin());
      Cfg cfg;
      try {
        cfg = Cfg.build(body);
      } catch (Cfg.TooLarge e) {
        return;
      }
      if (cfg.nodes.size() > MAX_HELPER_NODES) {
        return;
      }
      spent += cfg.nodes.size();
      // Seen from the lambda's thread, every operation so far, and every one that any method of
      // the class may have in flight on a field's handle, is another thread's.
      State start = s.copy();
      for (Map.Entry<Integer, Op> e : start.ops.entrySet()) {
        start.own(e).otherThread = true;
      }
      facts
          .inFlight()
          .values()
          .forEach(
              handles ->
                  handles.forEach(
                      (field, calls) -> {
                        Obj h = start.objects.get("this." + field);
                        if (h != null) {
                          Set<Integer> others = new HashSet<>(h.otherThreadOps);
                          others.addAll(calls.keySet());
                          h.otherThreadOps = Set.copyOf(others);
                        }
                      }));
      for (MethodModel.Parameter p : body.parameters()) {
        start.locals.put(p.name(), Val.NONE);
      }
      Rule.Reporter there = new OnOwnThread(out, expectsPending(lambda.body()));
      Interpreter inner = new Interpreter(threadRules, there, null, out.names);
      inner.setInliner(this);
      reportingPass(cfg, fixpoint(cfg, inner, start), inner);
    }

    @Override
    public Optional<Val> inline(
        Expr.Call call,
        Val[] args,
        State s,
        boolean reporting,
        java.util.function.Consumer<State> onThrow) {
      Optional<MethodModel> found = cls.method(call.name(), args.length);
      // Looked up by name and arity: the caller itself (recursion) is not a helper.
      boolean self =
          found.isPresent()
              && found.get().name().equals(caller.name())
              && found.get().parameters().size() == caller.parameters().size();
      if (found.isEmpty() || self || spent > BUDGET) {
        return Optional.empty();
      }
      MethodModel callee = found.get();
      Optional<Cfg> cfg =
          cfgs.computeIfAbsent(
              callee,
              m -> {
                try {
                  Cfg built = Cfg.build(m);
                  return built.nodes.size() > MAX_HELPER_NODES
                      ? Optional.empty()
                      : Optional.of(built);
                } catch (Cfg.TooLarge e) {
                  return Optional.empty();
                }
              });
      if (cfg.isEmpty()) {
        return Optional.empty();
      }
      spent += cfg.get().nodes.size();
      Map<String, Val> locals = new HashMap<>();
      List<MethodModel.Parameter> params = callee.parameters();
      for (int i = 0; i < params.size() && i < args.length; i++) {
        locals.put(params.get(i).name(), args[i]);
      }
      Set<FindingKey> reportedAlone =
          own.computeIfAbsent(
              callee,
              m -> {
                Set<FindingKey> keys = new HashSet<>();
                for (Finding f : run(m, Optional.empty(), facts, rules)) {
                  keys.add(Collector.key(f));
                }
                return keys;
              });
      Rule.Reporter atCall = new AtCall(out, call, callee.name(), reportedAlone);
      Interpreter inner = new Interpreter(rules, atCall, null, out.names);
      List<Object[]> exits = new ArrayList<>();
      inner.collectExits(exits);
      State[] in = fixpoint(cfg.get(), inner, s.withLocals(locals));
      if (reporting) {
        reportingPass(cfg.get(), in, inner);
      }
      State result = null;
      Val returned = null;
      State whenTrue = null;
      State whenFalse = null;
      boolean flag = true;
      for (Object[] exit : exits) {
        State exitState = (State) exit[0];
        Val exitValue = (Val) exit[1];
        if ((Boolean) exit[2]) {
          // Thrown: the caller's locals, with what the helper did to objects and operations.
          State out = s.copy();
          out.adopt(exitState);
          onThrow.accept(out);
          continue;
        }
        returned = returned == null ? exitValue : returned.join(exitValue);
        result = State.join(result, exitState);
        OptionalLong c = exitValue.constant();
        if (c.equals(OptionalLong.of(1))) {
          whenTrue = State.join(whenTrue, exitState);
        } else if (c.equals(OptionalLong.of(0))) {
          whenFalse = State.join(whenFalse, exitState);
        } else {
          flag = false;
        }
      }
      if (flag && whenTrue != null && whenFalse != null) {
        // A boolean returned true on some exits and false on others is a flag (started or
        // not) for what those exits have pending.
        returned = State.flag(Val.constant(1), whenTrue, Val.constant(0), whenFalse, returned);
      }
      if (result != null) {
        s.adopt(result);
      }
      return Optional.of(returned == null ? Val.NONE : returned);
    }
  }

  /** A lambda's own thread: what it finds is reported where it is, with its thread known. */
  private static final class OnOwnThread implements Rule.Reporter {
    private final Collector out;
    private final boolean expectsPending;

    OnOwnThread(Collector out, boolean expectsPending) {
      this.out = out;
      this.expectsPending = expectsPending;
    }

    @Override
    public void report(Finding f) {
      out.report(f);
    }

    @Override
    public String describe(String id) {
      return out.describe(id);
    }

    @Override
    public boolean methodExpectsPending() {
      return expectsPending;
    }

    @Override
    public Rule.Runs runs() {
      return Rule.Runs.OWN_THREAD;
    }
  }

  /** Reports what a rule finds inside a helper at the call of the helper. */
  private static final class AtCall implements Rule.Reporter {
    private final Collector out;
    private final Expr.Call call;
    private final String helper;
    private final Set<FindingKey> reportedAlone;

    AtCall(Collector out, Expr.Call call, String helper, Set<FindingKey> reportedAlone) {
      this.out = out;
      this.call = call;
      this.helper = helper;
      this.reportedAlone = reportedAlone;
    }

    @Override
    public void report(Finding f) {
      if (reportedAlone.contains(Collector.key(f))) {
        return;
      }
      out.report(
          new Finding(
              f.rule(),
              call.origin(),
              "in '" + helper + "', called here: " + f.message(),
              f.fix()));
    }

    @Override
    public String describe(String id) {
      return out.describe(id);
    }

    @Override
    public boolean methodExpectsPending() {
      return true;
    }

    @Override
    public Rule.Runs runs() {
      // A helper runs on its caller's thread.
      return out.runs();
    }
  }

  /**
   * One finding per rule and node: the node is compared by identity (two equal trees at different
   * places are different nodes), not by its identity hash, which two nodes may share.
   */
  static final class FindingKey {
    private final String rule;
    private final Object origin;

    FindingKey(String rule, Object origin) {
      this.rule = rule;
      this.origin = origin;
    }

    // The node is the same node, not an equal one: identity is the point.
    @SuppressWarnings("ReferenceEquality")
    @Override
    public boolean equals(Object o) {
      return o instanceof FindingKey k && k.rule.equals(rule) && k.origin == origin;
    }

    @Override
    public int hashCode() {
      return rule.hashCode() * 31 + System.identityHashCode(origin);
    }
  }

  /** Collects findings (one per rule and node) and names objects for messages. */
  private static final class Collector implements Rule.Reporter {
    final Map<FindingKey, Finding> findings = new LinkedHashMap<>();
    final Map<String, String> names = new HashMap<>();
    final boolean expectsPending;
    final Rule.Runs runs;

    Collector(boolean expectsPending) {
      this(expectsPending, Rule.Runs.UNKNOWN);
    }

    Collector(boolean expectsPending, Rule.Runs runs) {
      this.expectsPending = expectsPending;
      this.runs = runs;
    }

    @Override
    public Rule.Runs runs() {
      return runs;
    }

    @Override
    public void report(Finding f) {
      findings.putIfAbsent(key(f), f);
    }

    static FindingKey key(Finding f) {
      return new FindingKey(f.rule(), f.origin());
    }

    @Override
    public String describe(String id) {
      String name = names.get(id);
      if (name != null) {
        int unique = name.indexOf('$');
        return unique > 0 ? name.substring(0, unique) : name;
      }
      if (id.startsWith("this.")) {
        return id.substring(5);
      }
      if (id.startsWith("param:")) {
        return id.substring(6);
      }
      return "the object";
    }

    @Override
    public boolean methodExpectsPending() {
      return expectsPending;
    }
  }
}
