package io.github.overlapcheck.errorprone;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.api.JavacTrees;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.TypeTag;
import io.github.overlapcheck.api.ApiModel;
import io.github.overlapcheck.api.CallShape;
import io.github.overlapcheck.api.StructureSync;
import io.github.overlapcheck.api.TypeShape;
import io.github.overlapcheck.ir.ClassModel;
import io.github.overlapcheck.ir.Expr;
import io.github.overlapcheck.ir.MethodModel;
import io.github.overlapcheck.ir.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;

/**
 * Lowers javac trees into the method model. Every tree shape it does not model becomes {@link
 * Expr.Opaque} with the locals it mentions, so that tracked values reaching it are treated as
 * escaping: an unexpected shape silences findings instead of inventing them.
 */
final class JavacLowering {
  private static final String JNA_LIBRARY = "com.sun.jna.Library";
  private static final String RUNTIME_KERNEL32 = "io.github.overlapcheck.runtime.Kernel32";

  private static final com.google.errorprone.suppliers.Supplier<Type> LIBRARY =
      VisitorState.memoize(s -> s.getTypeFromString(JNA_LIBRARY));

  private final VisitorState state;
  private final ApiModel api;
  private final ClassSymbol enclosing;
  private final Map<Symbol, String> locals = new HashMap<>();
  private final Map<String, Integer> localNames = new HashMap<>();

  /** Shared by every method of a class, so that ids are unique within it. */
  private final int[] ids;

  private JavacLowering(VisitorState state, ApiModel api, ClassSymbol enclosing, int[] ids) {
    this.state = state;
    this.api = api;
    this.enclosing = enclosing;
    this.ids = ids;
  }

  /** The model of one method on its own (a method of a local or anonymous class). */
  static MethodModel method(MethodTree tree, VisitorState state, ApiModel api) {
    return method(tree, state, api, new int[1]);
  }

  private static MethodModel method(MethodTree tree, VisitorState state, ApiModel api, int[] ids) {
    MethodSymbol sym = ASTHelpers.getSymbol(tree);
    JavacLowering l = new JavacLowering(state, api, sym.enclClass(), ids);
    List<MethodModel.Parameter> params = new ArrayList<>();
    for (VariableTree p : tree.getParameters()) {
      VarSymbol ps = ASTHelpers.getSymbol(p);
      params.add(new MethodModel.Parameter(l.declare(ps)));
    }
    Stmt body =
        tree.getBody() == null
            ? new Stmt.Block(List.of(), tree)
            : l.block(tree.getBody().getStatements(), tree.getBody());
    return new MethodModel(sym.getSimpleName().toString(), params, body, tree);
  }

  /**
   * The model of a class: its methods and constructors, and its field initializers and initializer
   * blocks as one more {@code <init>} method.
   */
  static ClassModel type(ClassTree tree, VisitorState state, ApiModel api) {
    List<MethodModel> methods = new ArrayList<>();
    List<Stmt> init = new ArrayList<>();
    ClassSymbol cls = ASTHelpers.getSymbol(tree);
    int[] ids = new int[1];
    for (Tree member : tree.getMembers()) {
      if (member instanceof MethodTree m) {
        methods.add(method(m, state, api, ids));
      } else if (member instanceof VariableTree v) {
        VarSymbol vs = ASTHelpers.getSymbol(v);
        if (v.getInitializer() != null && !vs.isStatic()) {
          JavacLowering l = new JavacLowering(state, api, cls, ids);
          Expr target = new Expr.Field(Optional.empty(), v.getName().toString(), v);
          init.add(new Stmt.Eval(new Expr.Assign(target, l.expr(v.getInitializer()), v), v));
        }
      } else if (member instanceof BlockTree b && !b.isStatic()) {
        JavacLowering l = new JavacLowering(state, api, cls, ids);
        init.add(l.block(b.getStatements(), b));
      }
    }
    if (!init.isEmpty()) {
      methods.add(new MethodModel("<init>", List.of(), new Stmt.Block(init, tree), tree));
    }
    return new ClassModel(
        cls.getQualifiedName().toString(), methods, threadBodies(tree, state), settledFields(tree));
  }

  /**
   * Instance fields that are not final but that only constructors, initializers and field
   * declarations assign (nested classes and lambdas count as assigning anything they touch).
   */
  private static Set<String> settledFields(ClassTree tree) {
    ClassSymbol cls = ASTHelpers.getSymbol(tree);
    Set<String> candidates = new java.util.HashSet<>();
    for (Tree member : tree.getMembers()) {
      if (member instanceof VariableTree v) {
        VarSymbol vs = ASTHelpers.getSymbol(v);
        if (vs != null
            && !vs.isStatic()
            && !vs.getModifiers().contains(Modifier.FINAL)
            && vs.type.isPrimitive()) {
          candidates.add(vs.getSimpleName().toString());
        }
      }
    }
    Set<String> assignedLater = new java.util.HashSet<>();
    for (Tree member : tree.getMembers()) {
      boolean init =
          member instanceof MethodTree m
              && ASTHelpers.getSymbol(m) != null
              && ASTHelpers.getSymbol(m).isConstructor();
      if (init || member instanceof VariableTree || member instanceof BlockTree) {
        continue;
      }
      new TreeScanner<Void, Void>() {
        private void assigned(ExpressionTree target) {
          Symbol sym = ASTHelpers.getSymbol(target);
          if (sym != null && cls.equals(sym.owner) && sym.getKind() == ElementKind.FIELD) {
            assignedLater.add(sym.getSimpleName().toString());
          }
        }

        @Override
        public Void visitAssignment(AssignmentTree node, Void unused) {
          assigned(node.getVariable());
          return super.visitAssignment(node, null);
        }

        @Override
        public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
          assigned(node.getVariable());
          return super.visitCompoundAssignment(node, null);
        }

        @Override
        public Void visitUnary(UnaryTree node, Void unused) {
          switch (node.getKind()) {
            case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
                assigned(node.getExpression());
            default -> {}
          }
          return super.visitUnary(node, null);
        }
      }.scan(member, null);
    }
    candidates.removeAll(assignedLater);
    return candidates;
  }

  private static final com.google.errorprone.suppliers.Supplier<Type> RUNNABLE =
      VisitorState.memoize(s -> s.getTypeFromString("java.lang.Runnable"));
  private static final com.google.errorprone.suppliers.Supplier<Type> THREAD =
      VisitorState.memoize(s -> s.getTypeFromString("java.lang.Thread"));

  /** Calls that run what they are given on another thread. */
  private static final Set<String> THREAD_STARTERS =
      Set.of(
          "CreateThread",
          "submit",
          "execute",
          "schedule",
          "scheduleAtFixedRate",
          "scheduleWithFixedDelay",
          "runAsync",
          "supplyAsync",
          "startVirtualThread",
          "unstarted",
          "start",
          "newThread");

  /**
   * The class's methods that run on threads of their own: given (as {@code this::m}, or called by a
   * lambda) to a thread constructor or a thread-starting call, or {@code run()} of a class that is
   * a Runnable. Nested classes are not looked into.
   */
  private static Set<String> threadBodies(ClassTree tree, VisitorState state) {
    ClassSymbol cls = ASTHelpers.getSymbol(tree);
    Set<String> bodies = new java.util.HashSet<>();
    Type runnable = RUNNABLE.get(state);
    if (cls != null && runnable != null && ASTHelpers.isSubtype(cls.type, runnable, state)) {
      bodies.add("run");
    }
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitClass(ClassTree node, Void unused) {
        // Nested classes are not looked into: the class itself is the one scanned first.
        return node.equals(tree) ? super.visitClass(node, null) : null;
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
        MethodSymbol m = ASTHelpers.getSymbol(node);
        if (m != null && THREAD_STARTERS.contains(m.getSimpleName().toString())) {
          node.getArguments().forEach(a -> collect(a));
        }
        return super.visitMethodInvocation(node, null);
      }

      @Override
      public Void visitNewClass(NewClassTree node, Void unused) {
        Type t = ASTHelpers.getType(node);
        Type thread = THREAD.get(state);
        if (t != null && thread != null && ASTHelpers.isSubtype(t, thread, state)) {
          node.getArguments().forEach(a -> collect(a));
        }
        return super.visitNewClass(node, null);
      }

      private void collect(ExpressionTree arg) {
        if (arg instanceof com.sun.source.tree.MemberReferenceTree ref) {
          Symbol target = ASTHelpers.getSymbol(ref);
          if (target != null && cls.equals(target.owner)) {
            bodies.add(target.getSimpleName().toString());
          }
        } else if (arg instanceof com.sun.source.tree.LambdaExpressionTree lambda) {
          new TreeScanner<Void, Void>() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
              MethodSymbol called = ASTHelpers.getSymbol(call);
              if (called != null && cls.equals(called.owner)) {
                bodies.add(called.getSimpleName().toString());
              }
              return super.visitMethodInvocation(call, null);
            }
          }.scan(lambda.getBody(), null);
        }
      }
    }.scan(tree, null);
    return bodies;
  }

  private String declare(Symbol sym) {
    String base = sym.getSimpleName().toString();
    int n = localNames.merge(base, 1, Integer::sum);
    String name = n == 1 ? base : base + "$" + n;
    locals.put(sym, name);
    return name;
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  /** Whether the statements never complete normally, as far as their last statement shows. */
  private static boolean endsInJump(List<? extends StatementTree> statements) {
    return !statements.isEmpty() && isJump(statements.get(statements.size() - 1));
  }

  private static boolean isJump(StatementTree s) {
    if (s instanceof BreakTree
        || s instanceof ReturnTree
        || s instanceof ThrowTree
        || s instanceof ContinueTree
        || s instanceof YieldTree) {
      return true;
    }
    if (s instanceof BlockTree b) {
      return endsInJump(b.getStatements());
    }
    if (s instanceof IfTree i) {
      return i.getElseStatement() != null
          && isJump(i.getThenStatement())
          && isJump(i.getElseStatement());
    }
    return false;
  }

  private Stmt block(List<? extends StatementTree> statements, Tree origin) {
    List<Stmt> out = new ArrayList<>(statements.size());
    for (StatementTree s : statements) {
      out.add(stmt(s));
    }
    return new Stmt.Block(out, origin);
  }

  private Stmt stmt(StatementTree s) {
    if (s == null) {
      return new Stmt.Block(List.of(), null);
    }
    if (s instanceof BlockTree b) {
      return block(b.getStatements(), b);
    }
    if (s instanceof ExpressionStatementTree e) {
      return new Stmt.Eval(expr(e.getExpression()), e);
    }
    if (s instanceof VariableTree v) {
      VarSymbol vs = ASTHelpers.getSymbol(v);
      String name = declare(vs);
      Optional<Expr> init =
          v.getInitializer() == null ? Optional.empty() : Optional.of(expr(v.getInitializer()));
      return new Stmt.Declare(name, init, v);
    }
    if (s instanceof IfTree i) {
      return new Stmt.If(
          expr(i.getCondition()),
          stmt(i.getThenStatement()),
          Optional.ofNullable(i.getElseStatement()).map(this::stmt),
          i);
    }
    if (s instanceof WhileLoopTree w) {
      return loop(Optional.of(w.getCondition()), w.getStatement(), List.of(), true, null, w);
    }
    if (s instanceof DoWhileLoopTree d) {
      return loop(Optional.of(d.getCondition()), d.getStatement(), List.of(), false, null, d);
    }
    if (s instanceof ForLoopTree f) {
      List<Stmt> init = new ArrayList<>();
      for (StatementTree st : f.getInitializer()) {
        init.add(stmt(st));
      }
      List<Stmt> update = new ArrayList<>();
      for (ExpressionStatementTree u : f.getUpdate()) {
        update.add(stmt(u));
      }
      init.add(
          loop(Optional.ofNullable(f.getCondition()), f.getStatement(), update, true, null, f));
      return new Stmt.Block(init, f);
    }
    if (s instanceof EnhancedForLoopTree f) {
      VarSymbol vs = ASTHelpers.getSymbol(f.getVariable());
      Expr iterable = expr(f.getExpression());
      String name = declare(vs);
      // Over an array, the variable takes its elements; over anything else, an unknown value.
      Type iterated = ASTHelpers.getType(f.getExpression());
      Expr element =
          iterated != null && iterated.getTag() == TypeTag.ARRAY
              ? new Expr.ArrayElement(iterable, new Expr.Opaque(List.of(), f), f)
              : new Expr.Opaque(List.of(), f);
      Stmt body =
          new Stmt.Block(
              List.of(new Stmt.Declare(name, Optional.of(element), f), stmt(f.getStatement())), f);
      return new Stmt.Block(
          List.of(
              new Stmt.Eval(iterable, f),
              new Stmt.Loop(
                  Optional.empty(), body, Optional.empty(), true, false, Optional.empty(), f)),
          f);
    }
    if (s instanceof LabeledStatementTree l) {
      String label = l.getLabel().toString();
      StatementTree body = l.getStatement();
      if (body instanceof WhileLoopTree w) {
        return loop(Optional.of(w.getCondition()), w.getStatement(), List.of(), true, label, w);
      }
      if (body instanceof DoWhileLoopTree d) {
        return loop(Optional.of(d.getCondition()), d.getStatement(), List.of(), false, label, d);
      }
      return new Stmt.Labeled(label, stmt(body), l);
    }
    if (s instanceof TryTree t) {
      return tryStatement(t);
    }
    if (s instanceof SwitchTree sw) {
      List<Stmt> cases = new ArrayList<>();
      List<List<Expr>> labels = new ArrayList<>();
      boolean hasDefault = false;
      for (CaseTree c : sw.getCases()) {
        hasDefault |= c.getExpressions().isEmpty();
        List<Expr> constants = new ArrayList<>();
        for (ExpressionTree label : c.getExpressions()) {
          constants.add(expr(label));
        }
        labels.add(constants);
        List<? extends StatementTree> body = c.getStatements();
        cases.add(body == null ? new Stmt.Eval(opaque(c), c) : block(body, c));
      }
      // A case in the old form that does not end in a jump runs on into the next one.
      for (int i = cases.size() - 2; i >= 0; i--) {
        CaseTree c = sw.getCases().get(i);
        if (c.getCaseKind() == CaseTree.CaseKind.STATEMENT && !endsInJump(c.getStatements())) {
          cases.set(i, new Stmt.Block(List.of(cases.get(i), cases.get(i + 1)), c));
        }
      }
      return new Stmt.Switch(expr(sw.getExpression()), cases, labels, hasDefault, sw);
    }
    if (s instanceof ReturnTree r) {
      return new Stmt.Return(Optional.ofNullable(r.getExpression()).map(this::expr), r);
    }
    if (s instanceof ThrowTree t) {
      return new Stmt.Throw(expr(t.getExpression()), t);
    }
    if (s instanceof BreakTree b) {
      return new Stmt.Break(Optional.ofNullable(b.getLabel()).map(Object::toString), b);
    }
    if (s instanceof ContinueTree c) {
      return new Stmt.Continue(Optional.ofNullable(c.getLabel()).map(Object::toString), c);
    }
    if (s instanceof SynchronizedTree sy) {
      return new Stmt.Block(
          List.of(new Stmt.Eval(expr(sy.getExpression()), sy), stmt(sy.getBlock())), sy);
    }
    // A local class, an assert, a yield, an empty statement, or something newer: only what it
    // mentions matters (it escapes).
    return new Stmt.Eval(opaque(s), s);
  }

  private Stmt loop(
      Optional<? extends ExpressionTree> cond,
      StatementTree body,
      List<Stmt> update,
      boolean testFirst,
      String label,
      Tree origin) {
    Optional<Expr> c = cond.map(this::expr);
    boolean infinite = c.isEmpty() || (c.get() instanceof Expr.BoolConst b && b.value());
    return new Stmt.Loop(
        infinite ? Optional.empty() : c,
        stmt(body),
        update.isEmpty() ? Optional.empty() : Optional.of(new Stmt.Block(update, origin)),
        testFirst,
        infinite,
        Optional.ofNullable(label),
        origin);
  }

  private Stmt tryStatement(TryTree t) {
    List<Stmt> body = new ArrayList<>();
    List<Stmt> closing = new ArrayList<>();
    for (Tree r : t.getResources()) {
      Expr resource;
      if (r instanceof VariableTree v) {
        Stmt decl = stmt(v);
        body.add(decl);
        resource = new Expr.Local(((Stmt.Declare) decl).local(), v);
      } else {
        resource = expr((ExpressionTree) r);
      }
      Type type = ASTHelpers.getType(r);
      closing.add(0, new Stmt.Eval(closeCall(resource, type, r), r));
    }
    body.add(stmt(t.getBlock()));
    List<Stmt.Catch> catches = new ArrayList<>();
    for (CatchTree c : t.getCatches()) {
      VarSymbol vs = ASTHelpers.getSymbol(c.getParameter());
      String name = declare(vs);
      catches.add(new Stmt.Catch(name, stmt(c.getBlock()), c, catchesLastError(vs)));
    }
    return new Stmt.Try(
        new Stmt.Block(body, t),
        catches,
        closing.isEmpty() ? Optional.empty() : Optional.of(new Stmt.Block(closing, t)),
        Optional.ofNullable(t.getFinallyBlock()).map(this::stmt),
        t);
  }

  /** The implicit close() of a try-with-resources resource. */
  private Expr closeCall(Expr resource, Type type, Tree origin) {
    String owner = type == null ? "" : type.tsym.getQualifiedName().toString();
    CallShape shape = new CallShape("close", owner, CallShape.Origin.INSTANCE_METHOD, List.of());
    return new Expr.Call(
        ids[0]++,
        "close",
        owner,
        Optional.of(resource),
        List.of(),
        List.of(),
        api.bind(shape),
        Optional.empty(),
        origin);
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private Expr expr(ExpressionTree e) {
    if (e == null) {
      return new Expr.Opaque(List.of(), null);
    }
    if (e instanceof ParenthesizedTree p) {
      return expr(p.getExpression());
    }
    if (e instanceof LiteralTree lit) {
      return literal(lit);
    }
    Object constant = ASTHelpers.constValue(e);
    if (constant != null && !(e instanceof MethodInvocationTree)) {
      Optional<String> name = Optional.empty();
      if (e instanceof IdentifierTree || e instanceof MemberSelectTree) {
        Symbol sym = ASTHelpers.getSymbol(e);
        name = sym == null ? Optional.empty() : Optional.of(sym.getSimpleName().toString());
      }
      return constant(constant, name, e);
    }
    if (e instanceof IdentifierTree id) {
      Symbol sym = ASTHelpers.getSymbol(id);
      if (sym == null) {
        return new Expr.Opaque(List.of(), id);
      }
      String local = locals.get(sym);
      if (local != null) {
        return new Expr.Local(local, id);
      }
      if (sym.getKind() == ElementKind.FIELD && !ASTHelpers.isStatic(sym)) {
        return new Expr.Field(Optional.empty(), sym.getSimpleName().toString(), id);
      }
      if (sym.getKind() == ElementKind.FIELD) {
        return new Expr.Field(
            Optional.of(new Expr.Opaque(List.of(), id)),
            sym.owner.getQualifiedName() + "." + sym.getSimpleName(),
            id);
      }
      return new Expr.Opaque(List.of(), id);
    }
    if (e instanceof MemberSelectTree ms) {
      Symbol sym = ASTHelpers.getSymbol(ms);
      if (sym != null && sym.getKind() == ElementKind.FIELD) {
        ExpressionTree base = ms.getExpression();
        if (base instanceof IdentifierTree bid && bid.getName().contentEquals("this")) {
          return new Expr.Field(Optional.empty(), sym.getSimpleName().toString(), ms);
        }
        Symbol baseSym = ASTHelpers.getSymbol(base);
        boolean staticAccess = ASTHelpers.isStatic(sym) || (baseSym instanceof ClassSymbol);
        Expr baseExpr = staticAccess ? new Expr.Opaque(List.of(), base) : expr(base);
        String name =
            ASTHelpers.isStatic(sym)
                ? sym.owner.getQualifiedName() + "." + sym.getSimpleName()
                : sym.getSimpleName().toString();
        String owner =
            ASTHelpers.isStatic(sym) || sym.owner == null
                ? ""
                : sym.owner.getQualifiedName().toString();
        return new Expr.Field(Optional.of(baseExpr), name, owner, ms);
      }
      return new Expr.Opaque(List.of(), ms);
    }
    if (e instanceof MethodInvocationTree call) {
      return call(call);
    }
    if (e instanceof NewClassTree nc) {
      return newClass(nc);
    }
    if (e instanceof NewArrayTree na) {
      return newArray(na);
    }
    if (e instanceof AssignmentTree a) {
      return new Expr.Assign(expr(a.getVariable()), expr(a.getExpression()), a);
    }
    if (e instanceof CompoundAssignmentTree ca) {
      Expr target = expr(ca.getVariable());
      return new Expr.Assign(target, new Expr.Opaque(List.of(expr(ca.getExpression())), ca), ca);
    }
    if (e instanceof BinaryTree b) {
      return new Expr.Binary(
          binaryOp(b.getKind()), expr(b.getLeftOperand()), expr(b.getRightOperand()), b);
    }
    if (e instanceof UnaryTree u) {
      return switch (u.getKind()) {
        case LOGICAL_COMPLEMENT -> new Expr.Unary("!", expr(u.getExpression()), u);
        case UNARY_MINUS -> new Expr.Unary("-", expr(u.getExpression()), u);
        case BITWISE_COMPLEMENT -> new Expr.Unary("~", expr(u.getExpression()), u);
        default -> new Expr.Opaque(List.of(expr(u.getExpression())), u);
      };
    }
    if (e instanceof TypeCastTree c) {
      Type to = ASTHelpers.getType(c);
      Type from = ASTHelpers.getType(c.getExpression());
      boolean narrow =
          to != null && from != null && to.getTag() == TypeTag.INT && from.getTag() == TypeTag.LONG;
      return new Expr.Unary(narrow ? "(narrow)" : "(cast)", expr(c.getExpression()), c);
    }
    if (e instanceof ConditionalExpressionTree c) {
      return new Expr.Conditional(
          expr(c.getCondition()), expr(c.getTrueExpression()), expr(c.getFalseExpression()), c);
    }
    if (e instanceof ArrayAccessTree a) {
      return new Expr.ArrayElement(expr(a.getExpression()), expr(a.getIndex()), a);
    }
    return opaque(e);
  }

  private static String binaryOp(Tree.Kind kind) {
    return switch (kind) {
      case EQUAL_TO -> "==";
      case NOT_EQUAL_TO -> "!=";
      case CONDITIONAL_AND -> "&&";
      case CONDITIONAL_OR -> "||";
      case OR -> "|";
      case AND -> "&";
      case XOR -> "^";
      case PLUS -> "+";
      default -> kind.name();
    };
  }

  private static Expr literal(LiteralTree lit) {
    Object v = lit.getValue();
    if (v == null) {
      return new Expr.NullConst(lit);
    }
    return constant(v, Optional.empty(), lit);
  }

  private static Expr constant(Object v, Optional<String> name, Tree origin) {
    if (v instanceof Boolean b) {
      return new Expr.BoolConst(b, origin);
    }
    if (v instanceof Character c) {
      return new Expr.IntConst(c, name, origin);
    }
    if (v instanceof Number n && !(v instanceof Float) && !(v instanceof Double)) {
      return new Expr.IntConst(n.longValue(), name, origin);
    }
    if (v instanceof String s) {
      return new Expr.StringConst(s, origin);
    }
    return new Expr.Opaque(List.of(), origin);
  }

  private Expr call(MethodInvocationTree call) {
    MethodSymbol sym = ASTHelpers.getSymbol(call);
    ExpressionTree select = call.getMethodSelect();
    Optional<Expr> receiver = Optional.empty();
    if (select instanceof MemberSelectTree ms) {
      Symbol baseSym = ASTHelpers.getSymbol(ms.getExpression());
      if (!(baseSym instanceof ClassSymbol)) {
        receiver = Optional.of(expr(ms.getExpression()));
      }
    }
    boolean handsToThread = sym != null && HANDS_TO_THREAD.contains(sym.getSimpleName().toString());
    List<Expr> args = new ArrayList<>();
    for (ExpressionTree a : call.getArguments()) {
      args.add(handsToThread ? argumentRunElsewhere(a) : expr(a));
    }
    if (sym == null) {
      List<Expr> parts = new ArrayList<>(args);
      receiver.ifPresent(parts::add);
      return new Expr.Opaque(parts, call);
    }
    String name = sym.getSimpleName().toString();
    String owner = sym.owner.getQualifiedName().toString();
    // Shapes and origin cost subtype lookups: only calls that may be modelled need them.
    boolean candidate = api.isCandidateName(name);
    List<TypeShape> params = new ArrayList<>();
    if (candidate) {
      for (VarSymbol p : sym.getParameters()) {
        params.add(shape(p.type));
      }
    }
    Optional<String> sameClass =
        enclosing != null && sym.owner.equals(enclosing) ? Optional.of(name) : Optional.empty();
    return new Expr.Call(
        ids[0]++,
        name,
        owner,
        receiver,
        args,
        params,
        candidate ? api.bind(new CallShape(name, owner, origin(sym), params)) : Optional.empty(),
        sameClass,
        call,
        candidate && throwsLastError(sym));
  }

  private static final String LAST_ERROR_EXCEPTION = "com.sun.jna.LastErrorException";

  private Type typeNamed(String name) {
    return state.getTypeFromString(name);
  }

  /** Whether a catch parameter (of one type or a union) takes JNA's LastErrorException. */
  private boolean catchesLastError(VarSymbol parameter) {
    Type lastError = typeNamed(LAST_ERROR_EXCEPTION);
    if (parameter == null || lastError == null) {
      return false;
    }
    Type caught = parameter.type;
    if (caught instanceof Type.UnionClassType union) {
      for (Type t : union.getAlternativeTypes()) {
        if (ASTHelpers.isSubtype(lastError, t, state)) {
          return true;
        }
      }
      return false;
    }
    return ASTHelpers.isSubtype(lastError, caught, state);
  }

  /** Whether the method is declared to throw JNA's LastErrorException (or a subclass). */
  private boolean throwsLastError(MethodSymbol sym) {
    for (Type t : sym.getThrownTypes()) {
      if (isSubtype(t, LAST_ERROR_EXCEPTION)) {
        return true;
      }
    }
    return false;
  }

  /** Calls whose lambda arguments run on another thread: thread starters, and Cleaner.register. */
  private static final Set<String> HANDS_TO_THREAD =
      java.util.stream.Stream.concat(THREAD_STARTERS.stream(), Stream.of("register"))
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** An argument of a call that runs it on another thread: a lambda there is lowered whole. */
  private Expr argumentRunElsewhere(ExpressionTree a) {
    if (!(a instanceof LambdaExpressionTree lambda)) {
      return expr(a);
    }
    Expr.Opaque captured = (Expr.Opaque) opaque(lambda);
    List<String> params = new ArrayList<>();
    for (com.sun.source.tree.VariableTree p : lambda.getParameters()) {
      Symbol sym = ASTHelpers.getSymbol(p);
      if (sym != null) {
        params.add(declare(sym));
      }
    }
    Tree body = lambda.getBody();
    Stmt lowered =
        body instanceof BlockTree b
            ? block(b.getStatements(), b)
            : new Stmt.Eval(expr((ExpressionTree) body), body);
    return new Expr.Lambda(params, lowered, captured, lambda);
  }

  private CallShape.Origin origin(MethodSymbol sym) {
    Symbol owner = sym.owner;
    if (owner.getQualifiedName().contentEquals(RUNTIME_KERNEL32)) {
      return CallShape.Origin.REFERENCE_RUNTIME;
    }
    Type library = LIBRARY.get(state);
    if (library != null
        && owner.isInterface()
        && state.getTypes().isSubtype(state.getTypes().erasure(owner.type), library)) {
      return CallShape.Origin.JNA_LIBRARY;
    }
    if (sym.getModifiers().contains(Modifier.NATIVE) && sym.isStatic()) {
      return CallShape.Origin.DIRECT_MAPPING;
    }
    return sym.isStatic() ? CallShape.Origin.STATIC_METHOD : CallShape.Origin.INSTANCE_METHOD;
  }

  private Expr newClass(NewClassTree nc) {
    Type created = ASTHelpers.getType(nc);
    Type thread = THREAD.get(state);
    boolean isThread =
        created != null && thread != null && ASTHelpers.isSubtype(created, thread, state);
    List<Expr> args = new ArrayList<>();
    for (ExpressionTree a : nc.getArguments()) {
      args.add(isThread ? argumentRunElsewhere(a) : expr(a));
    }
    if (nc.getClassBody() != null) {
      args.add(opaque(nc.getClassBody()));
      return new Expr.New(ids[0]++, Expr.NewKind.OTHER, "anonymous", false, args, nc);
    }
    Type type = ASTHelpers.getType(nc);
    TypeShape shape = shape(type);
    Expr.NewKind kind = Expr.NewKind.OTHER;
    if (shape == TypeShape.STRUCTURE) {
      MethodSymbol ctor = ASTHelpers.getSymbol(nc);
      boolean view =
          ctor != null
              && ctor.getParameters().size() == 1
              && shape(ctor.getParameters().get(0).type) == TypeShape.POINTER;
      kind = view ? Expr.NewKind.STRUCTURE_VIEW : Expr.NewKind.STRUCTURE;
    } else if (shape == TypeShape.POINTER) {
      // Memory owns what it allocates; a plain Pointer over an address is a view of memory
      // allocated elsewhere (Native.malloc, a dequeued packet's pointer).
      boolean owns =
          isSubtype(type, "com.sun.jna.Memory")
              || isSubtype(type, "io.github.overlapcheck.runtime.Memory");
      kind = owns ? Expr.NewKind.MEMORY : Expr.NewKind.STRUCTURE_VIEW;
    }
    String typeName = type == null ? "?" : type.tsym.getQualifiedName().toString();
    boolean autoWrite = kind == Expr.NewKind.STRUCTURE && keepsAutoWrite(type);
    return new Expr.New(ids[0]++, kind, typeName, autoWrite, args, nc);
  }

  /**
   * Whether instances of {@code type} write their Java fields before each native call: it is, or
   * extends, a class known to (see {@link StructureSync}), through classes whose source this
   * compilation has and which do not turn that off.
   */
  private boolean keepsAutoWrite(Type type) {
    Type t = type;
    for (int depth = 0; t != null && t.hasTag(TypeTag.CLASS) && depth < 64; depth++) {
      ClassSymbol c = (ClassSymbol) t.tsym;
      if (StructureSync.KEEPS_AUTO_WRITE.contains(c.getQualifiedName().toString())) {
        return true;
      }
      ClassTree tree = JavacTrees.instance(state.context).getTree(c);
      if (tree == null || mayTurnOffAutoWrite(tree)) {
        return false;
      }
      t = c.getSuperclass();
    }
    return false;
  }

  /**
   * A class that overrides a method JNA writes through, or calls setAutoSynch/setAutoWrite with
   * anything but {@code true}, anywhere in its body.
   */
  private static boolean mayTurnOffAutoWrite(ClassTree cls) {
    boolean[] off = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethod(MethodTree m, Void unused) {
        off[0] |= StructureSync.WRITE_METHODS.contains(m.getName().toString());
        return super.visitMethod(m, null);
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        ExpressionTree select = call.getMethodSelect();
        String name =
            select instanceof MemberSelectTree ms
                ? ms.getIdentifier().toString()
                : select instanceof IdentifierTree id ? id.getName().toString() : "";
        if (StructureSync.AUTO_WRITE_SETTERS.contains(name)) {
          boolean onlyTrue =
              call.getArguments().size() == 1
                  && call.getArguments().get(0) instanceof LiteralTree lit
                  && Boolean.TRUE.equals(lit.getValue());
          off[0] |= !onlyTrue;
        }
        return super.visitMethodInvocation(call, null);
      }
    }.scan(cls, null);
    return off[0];
  }

  private Expr newArray(NewArrayTree na) {
    // Only an initializer's values are elements; dimensions are sizes.
    List<Expr> args = new ArrayList<>();
    if (na.getInitializers() != null) {
      for (ExpressionTree i : na.getInitializers()) {
        args.add(expr(i));
      }
    }
    Type type = ASTHelpers.getType(na);
    TypeShape shape = shape(type);
    String typeName = type == null ? "?[]" : type.toString();
    Expr.NewKind kind =
        shape == TypeShape.BYTE_ARRAY ? Expr.NewKind.JAVA_ARRAY : Expr.NewKind.OTHER;
    return new Expr.New(
        ids[0]++, kind, typeName.endsWith("[]") ? typeName : typeName + "[]", false, args, na);
  }

  /** What a tree mentions: its locals and fields, as an expression they escape through. */
  private Expr opaque(Tree tree) {
    List<Expr> parts = new ArrayList<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void unused) {
        Symbol sym = ASTHelpers.getSymbol(node);
        if (sym != null) {
          String local = locals.get(sym);
          if (local != null) {
            parts.add(new Expr.Local(local, node));
          } else if (sym.getKind() == ElementKind.FIELD && !ASTHelpers.isStatic(sym)) {
            parts.add(new Expr.Field(Optional.empty(), sym.getSimpleName().toString(), node));
          }
        }
        return null;
      }
    }.scan(tree, null);
    return new Expr.Opaque(parts, tree);
  }

  // -------------------------------------------------------------------------------------------
  // Types

  private TypeShape shape(Type type) {
    if (type == null) {
      return TypeShape.UNKNOWN;
    }
    TypeTag tag = type.getTag();
    if (tag == TypeTag.BOOLEAN) {
      return TypeShape.BOOLEAN;
    }
    if (tag == TypeTag.INT
        || tag == TypeTag.LONG
        || tag == TypeTag.SHORT
        || tag == TypeTag.BYTE
        || tag == TypeTag.CHAR) {
      return TypeShape.INTEGRAL;
    }
    if (tag == TypeTag.ARRAY) {
      Type component = ((Type.ArrayType) type).getComponentType();
      return component.getTag() == TypeTag.BYTE ? TypeShape.BYTE_ARRAY : TypeShape.OTHER_ARRAY;
    }
    if (tag != TypeTag.CLASS) {
      return TypeShape.UNKNOWN;
    }
    if (isSubtype(type, "java.nio.ByteBuffer")) {
      return TypeShape.BYTE_BUFFER;
    }
    if (isSubtype(type, "com.sun.jna.Structure")
        || isSubtype(type, "io.github.overlapcheck.runtime.Structure")) {
      return TypeShape.STRUCTURE;
    }
    if (isSubtype(type, "com.sun.jna.Pointer")
        || isSubtype(type, "io.github.overlapcheck.runtime.Pointer")
        || isSubtype(type, "java.lang.foreign.MemorySegment")) {
      return TypeShape.POINTER;
    }
    if (isSubtype(type, "com.sun.jna.ptr.ByReference")
        || type.tsym.getSimpleName().toString().endsWith("ByReference")) {
      return TypeShape.BY_REFERENCE;
    }
    for (Type t = type;
        t != null && t.getTag() == TypeTag.CLASS;
        t = ((ClassSymbol) t.tsym).getSuperclass()) {
      if (t.tsym.getSimpleName().contentEquals("HANDLE")) {
        return TypeShape.HANDLE;
      }
    }
    if (isSubtype(type, "java.lang.String")) {
      return TypeShape.STRING;
    }
    return TypeShape.OBJECT;
  }

  private boolean isSubtype(Type type, String name) {
    Type other = state.getTypeFromString(name);
    return other != null && ASTHelpers.isSubtype(type, other, state);
  }
}
