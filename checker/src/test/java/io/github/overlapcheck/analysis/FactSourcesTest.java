package io.github.overlapcheck.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.overlapcheck.api.Binding;
import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.api.Role;
import io.github.overlapcheck.ir.ClassModel;
import io.github.overlapcheck.ir.Expr;
import io.github.overlapcheck.ir.MethodModel;
import io.github.overlapcheck.ir.Stmt;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which methods the class facts analyse ({@link Analysis#factSources}): every method that can add
 * to them, and not the others.
 */
final class FactSourcesTest {
  private static final Object AT = new Object();
  private int ids;

  private Expr call(String name, Optional<Operation> op, boolean sameClass, Expr... args) {
    return new Expr.Call(
        ids++,
        name,
        sameClass ? "Owner" : "Kernel32",
        Optional.empty(),
        List.of(args),
        List.of(),
        op.map(o -> new Binding(o, Optional.empty(), List.of(), Role.OTHER)),
        sameClass ? Optional.of(name) : Optional.empty(),
        AT);
  }

  private Expr modelled(String name, Operation op) {
    return call(name, Optional.of(op), false);
  }

  private Expr helper(String name) {
    return call(name, Optional.empty(), true);
  }

  private static MethodModel method(String name, Expr... statements) {
    List<Stmt> body = new ArrayList<>();
    for (Expr e : statements) {
      body.add(new Stmt.Eval(e, AT));
    }
    return new MethodModel(name, List.of(), new Stmt.Block(body, AT), AT);
  }

  private static Expr local(String name) {
    return new Expr.Local(name, AT);
  }

  private static Expr field(String name) {
    return new Expr.Field(Optional.empty(), name, "Owner", AT);
  }

  private static BitSet sources(MethodModel... methods) {
    return Analysis.factSources(new ClassModel("Owner", List.of(methods)));
  }

  private static BitSet bits(int... set) {
    BitSet b = new BitSet();
    for (int i : set) {
      b.set(i);
    }
    return b;
  }

  @Test
  void methodsThatNeitherStartIoNorTouchFieldsAreLeftOut() {
    BitSet s =
        sources(
            method(
                "describe",
                modelled("GetLastError", Operation.LAST_ERROR),
                modelled("CloseHandle", Operation.CLOSE_HANDLE),
                modelled("CreateFile", Operation.OPEN_FILE),
                new Expr.Assign(local("n"), new Expr.IntConst(1, Optional.empty(), AT), AT),
                call("format", Optional.empty(), false, local("n"))),
            method("log", helper("describe")));
    assertEquals(bits(), s);
  }

  @Test
  void eachWayOfTellingTheFactsSomethingCounts() {
    BitSet s =
        sources(
            method("read", modelled("ReadFile", Operation.READ)),
            method("bind", modelled("CreateIoCompletionPort", Operation.BIND_TO_PORT)),
            method("pool", modelled("BindIoCompletionCallback", Operation.BIND_TO_THREAD_POOL)),
            method(
                "modes",
                modelled("SetFileCompletionNotificationModes", Operation.SET_NOTIFICATION_MODES)),
            method("store", new Expr.Assign(field("file"), local("h"), AT)),
            method(
                "element",
                new Expr.Assign(
                    new Expr.ArrayElement(
                        local("a"), new Expr.IntConst(0, Optional.empty(), AT), AT),
                    local("h"),
                    AT)),
            method(
                "member",
                new Expr.Assign(
                    new Expr.Field(Optional.of(field("ov")), "hEvent", "OVERLAPPED", AT),
                    local("e"),
                    AT)),
            method(
                "autoWrite",
                call("setAutoWrite", Optional.empty(), false, new Expr.BoolConst(false, AT))));
    assertEquals(bits(0, 1, 2, 3, 4, 5, 6, 7), s);
  }

  @Test
  void callersOfHelpersThatStartIoCountAtAnyDepth() {
    BitSet s =
        sources(
            method("start", helper("issue")),
            method("issue", helper("submit")),
            method("submit", modelled("ReadFile", Operation.READ)),
            method("idle", helper("describe")),
            method("describe", modelled("GetLastError", Operation.LAST_ERROR)));
    assertEquals(bits(0, 1, 2), s);
  }

  @Test
  void aHelpersFieldStoresAreNotItsCallers() {
    // A helper analysed in place runs without field events: only its operations reach the
    // caller's state.
    BitSet s =
        sources(
            method("open", helper("remember")),
            method("remember", new Expr.Assign(field("file"), local("h"), AT)));
    assertEquals(bits(1), s);
  }

  @Test
  void aLambdasBodyIsNotRunForTheFacts() {
    Stmt body = new Stmt.Eval(modelled("ReadFile", Operation.READ), AT);
    Expr lambda = new Expr.Lambda(List.of(), body, new Expr.Opaque(List.of(), AT), AT);
    assertEquals(bits(), sources(method("spawn", call("submit", Optional.empty(), false, lambda))));
  }
}
