package io.github.overlapcheck.analysis;

import io.github.overlapcheck.ir.Expr;
import io.github.overlapcheck.ir.MethodModel;
import io.github.overlapcheck.ir.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The control-flow graph of one method, built from its structured model. A {@code finally} block
 * (and the closing of try-with-resources) is copied onto every way out of its {@code try}, so each
 * path sees it. Explicit throws reach their handlers; other exceptions enter the handlers with the
 * state before or after the try's body.
 */
final class Cfg {
  /** Beyond this many nodes a method is not analysed: no finding rather than a slow build. */
  static final int MAX_NODES = 200_000;

  enum Kind {
    /** Evaluates {@code expr} (a statement's expression, or a declaration's initializer). */
    ACTION,
    /** Evaluates {@code expr} as a condition; successor 0 when true, 1 when false. */
    BRANCH,
    /** Leaves the method (return, throw, or the end); evaluates {@code expr} if present. */
    EXIT,
    NOP
  }

  static final class Node {
    final int id;
    final Kind kind;
    final Optional<Expr> expr;

    /** For declarations: the local the value goes to. */
    final Optional<String> declares;

    final Object origin;
    final List<Node> successors = new ArrayList<>(2);

    /** For exits: the method ends by an exception. */
    boolean exceptional;

    /** For exits: by a return or throw statement, or otherwise. */
    ExitKind exitKind = ExitKind.END;

    /**
     * For actions and branches that call a same-class helper: where an exception the helper throws
     * goes (the handler or the method's exit, through the finally blocks on the way).
     */
    Optional<Node> onThrow = Optional.empty();

    Node(int id, Kind kind, Optional<Expr> expr, Optional<String> declares, Object origin) {
      this.id = id;
      this.kind = kind;
      this.expr = expr;
      this.declares = declares;
      this.origin = origin;
    }
  }

  /** Thrown when the method is too large to analyse. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }

  final Node entry;
  final List<Node> nodes;

  private Cfg(Node entry, List<Node> nodes) {
    this.entry = entry;
    this.nodes = nodes;
  }

  /**
   * Each node's place in reverse post-order from the entry, by node id: a node comes after every
   * node that reaches it except through a back edge. Nodes the entry does not reach come last.
   * Iterative: a long method's graph is deeper than the thread's stack.
   */
  int[] reversePostOrder() {
    int n = nodes.size();
    int[] order = new int[n];
    java.util.Arrays.fill(order, n);
    boolean[] seen = new boolean[n];
    // Each frame: the node and the index of its next edge to follow.
    Deque<int[]> stack = new ArrayDeque<>();
    int next = n;
    seen[entry.id] = true;
    stack.push(new int[] {entry.id, 0});
    while (!stack.isEmpty()) {
      int[] top = stack.peek();
      Node node = nodes.get(top[0]);
      Node succ = edge(node, top[1]++);
      if (succ == null) {
        stack.pop();
        order[node.id] = --next;
      } else if (!seen[succ.id]) {
        seen[succ.id] = true;
        stack.push(new int[] {succ.id, 0});
      }
    }
    return order;
  }

  /** The node's {@code i}-th outgoing edge (its successors, then where it throws), or null. */
  private static Node edge(Node node, int i) {
    if (i < node.successors.size()) {
      return node.successors.get(i);
    }
    return i == node.successors.size() ? node.onThrow.orElse(null) : null;
  }

  static Cfg build(MethodModel method) {
    Builder b = new Builder();
    Node end = b.node(Kind.EXIT, Optional.empty(), Optional.empty(), method.origin());
    Node entry = b.build(method.body(), end, Context.ROOT);
    return new Cfg(entry, b.nodes);
  }

  /** Where jumps go from the current position: loop targets, handlers, finally blocks. */
  private static final class Context {
    static final Context ROOT = new Context(null, null, null, null, null, null, null);

    final Context parent;

    /** For a loop or switch or labelled statement: the label, or null. */
    final String label;

    final Node breakTarget;
    final Node continueTarget;

    /** For a try: the statements to run on the way out (closing, then finally). */
    final List<Stmt> onExit;

    /** For a try with catches: where exceptions go. */
    final Node handler;

    /** Whether {@code breakTarget} serves an unlabelled break (loops and switches do). */
    final Boolean breakable;

    /** For a handler: whether it has catch clauses (else it only runs finally blocks). */
    final boolean catches;

    Context(
        Context parent,
        String label,
        Node breakTarget,
        Node continueTarget,
        List<Stmt> onExit,
        Node handler,
        Boolean breakable) {
      this(parent, label, breakTarget, continueTarget, onExit, handler, breakable, false);
    }

    Context(
        Context parent,
        String label,
        Node breakTarget,
        Node continueTarget,
        List<Stmt> onExit,
        Node handler,
        Boolean breakable,
        boolean catches) {
      this.parent = parent;
      this.label = label;
      this.breakTarget = breakTarget;
      this.continueTarget = continueTarget;
      this.onExit = onExit;
      this.handler = handler;
      this.breakable = breakable;
      this.catches = catches;
    }

    Optional<Node> handler() {
      for (Context c = this; c != null; c = c.parent) {
        if (c.handler != null) {
          return Optional.of(c.handler);
        }
      }
      return Optional.empty();
    }
  }

  private static final class Builder {
    final List<Node> nodes = new ArrayList<>();

    /**
     * For a try whose body has start calls that throw LastErrorException: a handler of its own,
     * with its own copies of the catch clauses, so that what those calls throw is not joined with
     * the states the catches are otherwise entered with (see tryStatement).
     */
    private final java.util.IdentityHashMap<Node, Node> lastErrorHandlers =
        new java.util.IdentityHashMap<>();

    private final java.util.IdentityHashMap<Context, Node> lastErrorTargets =
        new java.util.IdentityHashMap<>();

    private final java.util.IdentityHashMap<Context, Node> throwTargets =
        new java.util.IdentityHashMap<>();

    Node node(Kind kind, Optional<Expr> expr, Optional<String> declares, Object origin) {
      if (nodes.size() >= MAX_NODES) {
        throw new TooLarge();
      }
      Node n = new Node(nodes.size(), kind, expr, declares, origin);
      nodes.add(n);
      return n;
    }

    Node action(Expr expr, Optional<String> declares, Object origin, Node next) {
      Node n = node(Kind.ACTION, Optional.of(expr), declares, origin);
      n.successors.add(next);
      return n;
    }

    /** Builds {@code s} so that it continues to {@code next}; returns its entry. */
    Node build(Stmt s, Node next, Context ctx) {
      if (s instanceof Stmt.Block b) {
        Node entry = next;
        List<Stmt> list = b.statements();
        for (int i = list.size() - 1; i >= 0; i--) {
          entry = build(list.get(i), entry, ctx);
        }
        return entry;
      }
      if (s instanceof Stmt.Eval e) {
        return throwing(action(e.expr(), Optional.empty(), e.origin(), next), ctx);
      }
      if (s instanceof Stmt.Declare d) {
        if (d.init().isEmpty()) {
          return next;
        }
        return throwing(action(d.init().get(), Optional.of(d.local()), d.origin(), next), ctx);
      }
      if (s instanceof Stmt.If i) {
        Node branch =
            throwing(node(Kind.BRANCH, Optional.of(i.cond()), Optional.empty(), i.origin()), ctx);
        branch.successors.add(build(i.then(), next, ctx));
        branch.successors.add(
            i.otherwise().isPresent() ? build(i.otherwise().get(), next, ctx) : next);
        return branch;
      }
      if (s instanceof Stmt.Loop l) {
        return loop(l, next, ctx);
      }
      if (s instanceof Stmt.Try t) {
        return tryStatement(t, next, ctx);
      }
      if (s instanceof Stmt.Switch sw && testable(sw)) {
        return switchAsTests(sw, next, ctx);
      }
      if (s instanceof Stmt.Switch sw) {
        Context inner = new Context(ctx, null, next, null, null, null, true);
        Node dispatch = node(Kind.NOP, Optional.empty(), Optional.empty(), sw.origin());
        for (Stmt c : sw.cases()) {
          dispatch.successors.add(build(c, next, inner));
        }
        if (!sw.exhaustive() || sw.cases().isEmpty()) {
          dispatch.successors.add(next);
        }
        return action(sw.selector(), Optional.empty(), sw.origin(), dispatch);
      }
      if (s instanceof Stmt.Return r) {
        Node exit = node(Kind.EXIT, r.value(), Optional.empty(), r.origin());
        exit.exitKind = ExitKind.RETURN;
        return leaveTo(ctx, null, exit);
      }
      if (s instanceof Stmt.Throw t) {
        // Through copies of the finally blocks on the way (so each throw keeps what its path
        // knows), to the nearest try with catch clauses, or out of the method.
        Context catching = catchingContext(ctx);
        Node target =
            catching != null
                ? leaveTo(ctx, catching, catching.handler)
                : leaveTo(ctx, null, thrown(exceptionalExit(t.origin())));
        Node eval = node(Kind.ACTION, Optional.of(t.value()), Optional.empty(), t.origin());
        eval.successors.add(target);
        return eval;
      }
      if (s instanceof Stmt.Break b) {
        Context target = findBreak(ctx, b.label().orElse(null));
        if (target == null) {
          return next;
        }
        return leaveTo(ctx, target, target.breakTarget);
      }
      if (s instanceof Stmt.Continue c) {
        Context target = findContinue(ctx, c.label().orElse(null));
        if (target == null) {
          return next;
        }
        return leaveTo(ctx, target, target.continueTarget);
      }
      if (s instanceof Stmt.Labeled l) {
        Context inner = new Context(ctx, l.label(), next, null, null, null, false);
        return build(l.body(), next, inner);
      }
      return next;
    }

    private Node loop(Stmt.Loop l, Node next, Context ctx) {
      Node head;
      if (l.cond().isPresent()) {
        head = node(Kind.BRANCH, l.cond(), Optional.empty(), l.origin());
      } else {
        head = node(Kind.NOP, Optional.empty(), Optional.empty(), l.origin());
      }
      Node continueTarget = l.update().isPresent() ? build(l.update().get(), head, ctx) : head;
      Context inner =
          new Context(ctx, l.label().orElse(null), next, continueTarget, null, null, true);
      Node body = build(l.body(), continueTarget, inner);
      head.successors.add(body);
      if (l.cond().isPresent() || !l.infinite()) {
        head.successors.add(next);
      }
      // A loop that waits is a wait-until-done loop: its zero-iteration path would only be taken
      // when the wait is already over, so it is treated as running at least once. Not when its
      // condition is what waits or polls (while (!GetOverlappedResult(...))): that runs first.
      boolean conditionWaits = l.cond().map(c -> waits(new Stmt.Eval(c, l.origin()))).orElse(false);
      if (l.testFirst() && (!waits(l.body()) || conditionWaits)) {
        return head;
      }
      return body;
    }

    /**
     * A switch on a local over integer constants (the usual {@code switch (error)}): built as the
     * tests it stands for, so that each case knows what the selector equals.
     */
    private static boolean testable(Stmt.Switch sw) {
      return sw.selector() instanceof Expr.Local
          && sw.labels().size() == sw.cases().size()
          && sw.labels().stream()
              .allMatch(l -> l.stream().allMatch(e -> e instanceof Expr.IntConst));
    }

    private Node switchAsTests(Stmt.Switch sw, Node next, Context ctx) {
      Context inner = new Context(ctx, null, next, null, null, null, true);
      Node otherwise = next;
      for (int i = 0; i < sw.cases().size(); i++) {
        if (sw.labels().get(i).isEmpty()) {
          otherwise = build(sw.cases().get(i), next, inner);
        }
      }
      for (int i = sw.cases().size() - 1; i >= 0; i--) {
        List<Expr> labels = sw.labels().get(i);
        if (labels.isEmpty()) {
          continue;
        }
        Expr cond = null;
        for (Expr label : labels) {
          Expr test = new Expr.Binary("==", sw.selector(), label, label.origin());
          cond = cond == null ? test : new Expr.Binary("||", cond, test, label.origin());
        }
        Node test = node(Kind.BRANCH, Optional.of(cond), Optional.empty(), sw.origin());
        test.successors.add(build(sw.cases().get(i), next, inner));
        test.successors.add(otherwise);
        otherwise = test;
      }
      return otherwise;
    }

    private Node tryStatement(Stmt.Try t, Node next, Context ctx) {
      List<Stmt> onExit = new ArrayList<>();
      t.closing().ifPresent(onExit::add);
      t.finallyBlock().ifPresent(onExit::add);
      Context withFinally =
          onExit.isEmpty() ? ctx : new Context(ctx, null, null, null, onExit, null, null);
      // Normal completion of the body: closing, finally, next.
      Node afterBody = runAll(onExit, next, ctx);
      if (!t.catches().isEmpty()) {
        Node handler = node(Kind.NOP, Optional.empty(), Optional.empty(), t.origin());
        // Catches run after resources are closed, and are inside the finally.
        Node afterCatch =
            t.finallyBlock().isPresent() ? build(t.finallyBlock().get(), next, ctx) : next;
        Context catchCtx =
            t.finallyBlock().isPresent()
                ? new Context(ctx, null, null, null, List.of(t.finallyBlock().get()), null, null)
                : ctx;
        List<Stmt> closing = t.closing().map(List::of).orElse(List.of());
        Node implicit = node(Kind.NOP, Optional.empty(), Optional.empty(), t.origin());
        for (Stmt.Catch c : t.catches()) {
          Node body = runAll(closing, build(c.body(), afterCatch, catchCtx), ctx);
          handler.successors.add(body);
          implicit.successors.add(body);
        }
        // An exception no catch takes: through closing and finally, outwards.
        Optional<Node> outer = ctx.handler();
        Node uncaught =
            outer.isPresent()
                ? runAll(onExit, outer.get(), ctx)
                : runAll(onExit, exceptionalExit(t.origin()), ctx);
        handler.successors.add(uncaught);
        if (anyCall(t.body(), Builder::throwsLastError)) {
          // The first clause that takes it, or out.
          Node own = uncaught;
          for (Stmt.Catch c : t.catches()) {
            if (c.catchesLastError()) {
              own = runAll(closing, build(c.body(), afterCatch, catchCtx), ctx);
              break;
            }
          }
          lastErrorHandlers.put(handler, own);
        }
        // Calls that throw are not modelled one by one (a JNA call rarely throws, and each edge
        // would carry a half-done state out of the method). The catches are also entered with
        // the state before the body and the state after it; those entries reach the catch
        // clauses only, not the way out of the method. Explicit throws reach the handler itself.
        Context bodyCtx = new Context(withFinally, null, null, null, null, handler, null, true);
        Node bodyEnd = node(Kind.NOP, Optional.empty(), Optional.empty(), t.origin());
        bodyEnd.successors.add(afterBody);
        bodyEnd.successors.add(implicit);
        Node bodyEntry = build(t.body(), bodyEnd, bodyCtx);
        Node tryEntry = node(Kind.NOP, Optional.empty(), Optional.empty(), t.origin());
        tryEntry.successors.add(bodyEntry);
        tryEntry.successors.add(implicit);
        return tryEntry;
      }
      // No catch: explicit throws take their own copies of the finally blocks (see Throw).
      return build(t.body(), afterBody, withFinally);
    }

    /**
     * Gives {@code n} its exception edge if it calls a same-class helper, or a start call declared
     * to throw JNA's LastErrorException: what they throw leaves through the handlers and finally
     * blocks around the call. Other calls that throw are not modelled one by one (see
     * tryStatement).
     */
    private Node throwing(Node n, Context ctx) {
      if (n.expr.isEmpty() || !throwsModelled(n.expr.get())) {
        return n;
      }
      Context catching = catchingContext(ctx);
      if (catching != null
          && lastErrorHandlers.containsKey(catching.handler)
          && !callsHelper(n.expr.get())) {
        Node target = lastErrorTargets.get(ctx);
        if (target == null) {
          target = leaveTo(ctx, catching, lastErrorHandlers.get(catching.handler));
          lastErrorTargets.put(ctx, target);
        }
        n.onThrow = Optional.of(target);
        return n;
      }
      if (catching == null && !finallyOnTheWay(ctx)) {
        // Straight out of the method: an exit of its own, so that each call's throw keeps what
        // its path knows.
        n.onThrow = Optional.of(thrown(exceptionalExit(n.origin)));
        return n;
      }
      // Through handlers or finally blocks: one way out per context, shared by its calls, so that
      // the finally blocks are not copied for each.
      Node target = throwTargets.get(ctx);
      if (target == null) {
        // (Building the way out may build more calls: no computeIfAbsent.)
        target =
            catching != null
                ? leaveTo(ctx, catching, catching.handler)
                : leaveTo(ctx, null, thrown(exceptionalExit(n.origin)));
        throwTargets.put(ctx, target);
      }
      n.onThrow = Optional.of(target);
      return n;
    }

    private static boolean finallyOnTheWay(Context ctx) {
      for (Context c = ctx; c != null; c = c.parent) {
        if (c.onExit != null) {
          return true;
        }
      }
      return false;
    }

    /** Whether {@code e} calls a same-class helper (not a modelled native the class declares). */
    private static boolean callsHelper(Expr e) {
      return anyCall(
          new Stmt.Eval(e, null), c -> c.sameClassMethod().isPresent() && c.binding().isEmpty());
    }

    /** A modelled call that throws JNA's LastErrorException where it would return FALSE. */
    private static boolean throwsLastError(Expr.Call c) {
      return c.throwsLastError() && c.binding().isPresent();
    }

    private static boolean throwsModelled(Expr e) {
      return anyCall(
          new Stmt.Eval(e, null), c -> c.sameClassMethod().isPresent() || throwsLastError(c));
    }

    private static boolean waits(Stmt body) {
      return anyCall(
          body,
          c ->
              c.binding().isPresent()
                  && switch (c.binding().get().operation()) {
                    case WAIT_ONE, WAIT_MANY, SLEEP, GET_OVERLAPPED_RESULT, DEQUEUE -> true;
                    default -> false;
                  });
    }

    private static boolean anyCall(Stmt s, java.util.function.Predicate<Expr.Call> which) {
      boolean[] found = {false};
      IrWalker.walk(
          s,
          x -> {
            if (x instanceof Expr.Call c && which.test(c)) {
              found[0] = true;
            }
          });
      return found[0];
    }

    private static Node thrown(Node exit) {
      exit.exitKind = ExitKind.THROW;
      return exit;
    }

    private Node exceptionalExit(Object origin) {
      Node exit = node(Kind.EXIT, Optional.empty(), Optional.empty(), origin);
      exit.exceptional = true;
      return exit;
    }

    /** Builds copies of {@code statements}, in order, continuing to {@code next}. */
    private Node runAll(List<Stmt> statements, Node next, Context ctx) {
      Node entry = next;
      for (int i = statements.size() - 1; i >= 0; i--) {
        entry = build(statements.get(i), entry, ctx);
      }
      return entry;
    }

    /**
     * The way from {@code ctx} out to {@code target}'s context: every finally block on the way,
     * innermost first, then {@code destination}. {@code target} null means leaving the method.
     */
    private Node leaveTo(Context ctx, Context target, Node destination) {
      Deque<Context> tries = new ArrayDeque<>();
      for (Context c = ctx; c != null && c != target; c = c.parent) {
        if (c.onExit != null) {
          tries.addLast(c);
        }
      }
      Node entry = destination;
      // Build outermost last-run first: the innermost finally runs first.
      List<Context> list = new ArrayList<>(tries);
      for (int i = list.size() - 1; i >= 0; i--) {
        Context c = list.get(i);
        entry = runAll(c.onExit, entry, c.parent == null ? Context.ROOT : c.parent);
      }
      return entry;
    }

    private static Context catchingContext(Context ctx) {
      for (Context c = ctx; c != null; c = c.parent) {
        if (c.handler != null && c.catches) {
          return c;
        }
      }
      return null;
    }

    private static Context findBreak(Context ctx, String label) {
      for (Context c = ctx; c != null; c = c.parent) {
        if (c.breakTarget != null
            && (label == null ? Boolean.TRUE.equals(c.breakable) : label.equals(c.label))) {
          return c;
        }
      }
      return null;
    }

    private static Context findContinue(Context ctx, String label) {
      for (Context c = ctx; c != null; c = c.parent) {
        if (c.continueTarget != null && (label == null || label.equals(c.label))) {
          return c;
        }
      }
      return null;
    }
  }
}
