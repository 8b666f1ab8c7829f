package io.github.overlapcheck.ir;

import java.util.List;
import java.util.Optional;

/** A statement of the method model: structured control flow, as in the source. */
public sealed interface Stmt {
  Object origin();

  record Eval(Expr expr, Object origin) implements Stmt {}

  record Declare(String local, Optional<Expr> init, Object origin) implements Stmt {}

  record Block(List<Stmt> statements, Object origin) implements Stmt {
    public Block {
      statements = List.copyOf(statements);
    }
  }

  record If(Expr cond, Stmt then, Optional<Stmt> otherwise, Object origin) implements Stmt {}

  /**
   * while / for / do-while / for-each: {@code cond} absent means unknown (for-each, or no
   * condition: then the loop ends only by break, return or throw when {@code infinite}).
   */
  record Loop(
      Optional<Expr> cond,
      Stmt body,
      Optional<Stmt> update,
      boolean testFirst,
      boolean infinite,
      Optional<String> label,
      Object origin)
      implements Stmt {}

  /**
   * A catch clause: the exception's local and its body, and whether it catches JNA's
   * LastErrorException (its type is that or a supertype).
   */
  record Catch(String local, Stmt body, Object origin, boolean catchesLastError) {
    public Catch(String local, Stmt body, Object origin) {
      this(local, body, origin, false);
    }
  }

  /**
   * try / catch / finally. Resources of try-with-resources are declared at the start of {@code
   * body} and closed (by calls to their close method) in {@code closing}, before {@code
   * finallyBlock}, on every way out.
   */
  record Try(
      Stmt body,
      List<Catch> catches,
      Optional<Stmt> closing,
      Optional<Stmt> finallyBlock,
      Object origin)
      implements Stmt {
    public Try {
      catches = List.copyOf(catches);
    }
  }

  /**
   * switch: each case's statements may run; {@code cases} do not fall through (a front end folds an
   * old-style case that runs on into the next into that case's statements). {@code labels} are each
   * case's constants (empty for {@code default}), in the same order as {@code cases}.
   */
  record Switch(
      Expr selector, List<Stmt> cases, List<List<Expr>> labels, boolean exhaustive, Object origin)
      implements Stmt {
    public Switch {
      cases = List.copyOf(cases);
      labels = labels.stream().map(List::copyOf).toList();
    }
  }

  record Return(Optional<Expr> value, Object origin) implements Stmt {}

  record Throw(Expr value, Object origin) implements Stmt {}

  record Break(Optional<String> label, Object origin) implements Stmt {}

  record Continue(Optional<String> label, Object origin) implements Stmt {}

  /** A labelled statement that is not a loop (a break may leave it). */
  record Labeled(String label, Stmt body, Object origin) implements Stmt {}
}
