package io.github.overlapcheck.analysis;

import io.github.overlapcheck.ir.Expr;
import io.github.overlapcheck.ir.Stmt;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/** Visits every expression of a statement tree, iteratively (no recursion on nesting depth). */
final class IrWalker {
  private IrWalker() {}

  static void walk(Stmt root, Consumer<Expr> visitor) {
    Deque<Object> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Object next = todo.pop();
      if (next instanceof Expr e) {
        visitor.accept(e);
        pushChildren(e, todo);
      } else if (next instanceof Stmt s) {
        pushChildren(s, todo);
      }
    }
  }

  private static void pushChildren(Stmt s, Deque<Object> todo) {
    if (s instanceof Stmt.Eval e) {
      todo.push(e.expr());
    } else if (s instanceof Stmt.Declare d) {
      d.init().ifPresent(todo::push);
    } else if (s instanceof Stmt.Block b) {
      b.statements().forEach(todo::push);
    } else if (s instanceof Stmt.If i) {
      todo.push(i.cond());
      todo.push(i.then());
      i.otherwise().ifPresent(todo::push);
    } else if (s instanceof Stmt.Loop l) {
      l.cond().ifPresent(todo::push);
      todo.push(l.body());
      l.update().ifPresent(todo::push);
    } else if (s instanceof Stmt.Try t) {
      todo.push(t.body());
      t.catches().forEach(c -> todo.push(c.body()));
      t.closing().ifPresent(todo::push);
      t.finallyBlock().ifPresent(todo::push);
    } else if (s instanceof Stmt.Switch sw) {
      todo.push(sw.selector());
      sw.cases().forEach(todo::push);
    } else if (s instanceof Stmt.Return r) {
      r.value().ifPresent(todo::push);
    } else if (s instanceof Stmt.Throw t) {
      todo.push(t.value());
    } else if (s instanceof Stmt.Labeled l) {
      todo.push(l.body());
    }
  }

  private static void pushChildren(Expr e, Deque<Object> todo) {
    if (e instanceof Expr.Field f) {
      f.base().ifPresent(todo::push);
    } else if (e instanceof Expr.Call c) {
      c.receiver().ifPresent(todo::push);
      c.args().forEach(todo::push);
    } else if (e instanceof Expr.New n) {
      n.args().forEach(todo::push);
    } else if (e instanceof Expr.ArrayElement a) {
      todo.push(a.array());
      todo.push(a.index());
    } else if (e instanceof Expr.Binary b) {
      todo.push(b.left());
      todo.push(b.right());
    } else if (e instanceof Expr.Unary u) {
      todo.push(u.operand());
    } else if (e instanceof Expr.Conditional c) {
      todo.push(c.cond());
      todo.push(c.then());
      todo.push(c.otherwise());
    } else if (e instanceof Expr.Assign a) {
      todo.push(a.target());
      todo.push(a.value());
    } else if (e instanceof Expr.Opaque o) {
      o.parts().forEach(todo::push);
    } else if (e instanceof Expr.Lambda l) {
      // Its body runs elsewhere, not as part of this code: only what it captures is here.
      todo.push(l.captured());
    }
  }
}
