package io.github.overlapcheck.analysis;

import io.github.overlapcheck.ir.Expr;
import java.util.List;
import java.util.Optional;

/** Calls for tests that build states by hand: a Kernel32 function with no arguments or binding. */
final class TestCalls {
  private TestCalls() {}

  static Expr.Call call(int id, String name) {
    return new Expr.Call(
        id,
        name,
        "Kernel32",
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        new Object());
  }
}
