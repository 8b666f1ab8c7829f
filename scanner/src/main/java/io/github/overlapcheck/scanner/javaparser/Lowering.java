package io.github.overlapcheck.scanner.javaparser;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import io.github.overlapcheck.api.ApiModel;
import io.github.overlapcheck.api.CallShape;
import io.github.overlapcheck.api.TypeShape;
import io.github.overlapcheck.ir.ClassModel;
import io.github.overlapcheck.ir.Expr;
import io.github.overlapcheck.ir.MethodModel;
import io.github.overlapcheck.ir.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lowers JavaParser ASTs into the method model, the same model the javac front end builds from
 * javac trees: the same statements and expressions, the same names for locals, fields and
 * constants, the same bindings of calls to operations. Where javac has symbols and types, this asks
 * {@link Types} (names and shapes, from the sources and well-known library types) and the {@link
 * Resolver} (the symbol solver, when a classpath is given). Every shape it does not model becomes
 * {@link Expr.Opaque} with the locals it mentions, as in the javac front end.
 */
// XXX: record accessors and canonical constructors that javac generates are not modelled.
// XXX: a name that resolves to nothing the scanner knows is taken for an inherited field.
final class Lowering {
  /** What the lowering of one class shares. */
  static final class Shared {
    final Types types;
    final Resolver resolver;
    final ApiModel api;
    final FileContext ctx;
    final ClassScope cls;
    final Constants constants;

    /** Shared by every method of a class, so that ids are unique within it. */
    final int[] ids = new int[1];

    Shared(
        Types types,
        Resolver resolver,
        ApiModel api,
        FileContext ctx,
        ClassScope cls,
        JavaParser expressionParser) {
      this.types = types;
      this.resolver = resolver;
      this.api = api;
      this.ctx = ctx;
      this.cls = cls;
      this.constants = new Constants(types, resolver, expressionParser);
    }
  }

  /** A local in scope: its unique name, declared type, and value when it is a constant. */
  private record LocalVar(String unique, TypeRef type, Optional<Object> constant) {}

  private final Shared sh;
  private final Deque<Map<String, LocalVar>> scopes = new ArrayDeque<>();
  private final Map<String, Integer> localNames = new HashMap<>();

  /**
   * Pattern variables ({@code o instanceof Request r}) of the code being lowered: locals javac
   * never declares in the model, so (as in the javac front end) their uses are opaque.
   */
  private final Set<String> patternVariables = new HashSet<>();

  private Lowering(Shared shared) {
    this.sh = shared;
    scopes.push(new HashMap<>());
  }

  private Lowering(Shared shared, Node code) {
    this(shared);
    code.walk(
        com.github.javaparser.ast.expr.TypePatternExpr.class,
        p -> patternVariables.add(p.getNameAsString()));
  }

  // -------------------------------------------------------------------------------------------
  // Classes and methods

  /** The model of one method or constructor. */
  static MethodModel method(CallableDeclaration<?> m, Shared shared) {
    Lowering l = new Lowering(shared, m);
    List<MethodModel.Parameter> params = new ArrayList<>();
    for (Parameter p : m.getParameters()) {
      params.add(
          new MethodModel.Parameter(
              l.declare(p.getNameAsString(), l.declaredType(p), Optional.empty())));
    }
    String name = m instanceof ConstructorDeclaration ? "<init>" : m.getNameAsString();
    Stmt body;
    if (m instanceof MethodDeclaration md) {
      body =
          md.getBody().isEmpty()
              ? new Stmt.Block(List.of(), m)
              : l.block(md.getBody().get().getStatements(), md.getBody().get());
    } else {
      BlockStmt b = ((ConstructorDeclaration) m).getBody();
      List<Stmt> out = new ArrayList<>();
      boolean explicit =
          !b.getStatements().isEmpty()
              && b.getStatement(0) instanceof ExplicitConstructorInvocationStmt;
      if (!explicit) {
        // javac puts super() first in every constructor that calls no other.
        out.add(new Stmt.Eval(l.constructorCall(List.of(), false, b), b));
      }
      for (Statement s : b.getStatements()) {
        out.add(l.stmt(s));
      }
      body = new Stmt.Block(out, b);
    }
    return new MethodModel(name, params, body, m);
  }

  /**
   * The model of a class: its methods and constructors (with the default constructor javac
   * generates), and its field initializers and initializer blocks as one more {@code <init>}
   * method.
   */
  static ClassModel type(Shared shared) {
    ClassScope cls = shared.cls;
    List<MethodModel> methods = new ArrayList<>();
    List<Stmt> init = new ArrayList<>();
    boolean hasConstructor =
        cls.members.stream()
            .anyMatch(
                m ->
                    m instanceof ConstructorDeclaration
                        || m instanceof CompactConstructorDeclaration);
    if (!cls.isInterface && !hasConstructor && !(cls.node instanceof RecordDeclaration)) {
      methods.add(defaultConstructor(shared));
    }
    for (BodyDeclaration<?> member : cls.members) {
      if (member instanceof MethodDeclaration || member instanceof ConstructorDeclaration) {
        methods.add(method((CallableDeclaration<?>) member, shared));
      } else if (member instanceof FieldDeclaration f && !cls.isStaticMember(f)) {
        for (VariableDeclarator v : f.getVariables()) {
          if (v.getInitializer().isPresent()) {
            Lowering l = new Lowering(shared, v);
            Expr target = new Expr.Field(Optional.empty(), v.getNameAsString(), v);
            init.add(
                new Stmt.Eval(
                    new Expr.Assign(target, l.initializer(v.getInitializer().get(), v), v), v));
          }
        }
      } else if (member instanceof InitializerDeclaration b && !b.isStatic()) {
        Lowering l = new Lowering(shared, b);
        init.add(l.block(b.getBody().getStatements(), b));
      }
    }
    if (!init.isEmpty()) {
      methods.add(new MethodModel("<init>", List.of(), new Stmt.Block(init, cls.node), cls.node));
    }
    return new ClassModel(cls.qualifiedName, methods, threadBodies(shared), settledFields(shared));
  }

  /** The constructor javac generates for a class that declares none. */
  private static MethodModel defaultConstructor(Shared shared) {
    Lowering l = new Lowering(shared);
    List<MethodModel.Parameter> params = new ArrayList<>();
    List<Expr> args = new ArrayList<>();
    if (shared.cls.node instanceof ObjectCreationExpr o) {
      // An anonymous class's constructor passes its arguments on to the superclass's.
      for (int i = 0; i < o.getArguments().size(); i++) {
        String name = l.declare("x" + i, TypeRef.UNKNOWN, Optional.empty());
        params.add(new MethodModel.Parameter(name));
        args.add(new Expr.Local(name, o));
      }
    }
    Expr call =
        new Expr.Call(
            shared.ids[0]++,
            "<init>",
            "",
            Optional.empty(),
            args,
            List.of(),
            Optional.empty(),
            Optional.empty(),
            shared.cls.node);
    return new MethodModel(
        "<init>",
        params,
        new Stmt.Block(List.of(new Stmt.Eval(call, shared.cls.node)), shared.cls.node),
        shared.cls.node);
  }

  /**
   * Instance fields that are not final but that only constructors, initializers and field
   * declarations assign (nested classes and lambdas count as assigning anything they touch).
   */
  private static Set<String> settledFields(Shared shared) {
    ClassScope cls = shared.cls;
    Set<String> candidates = new HashSet<>();
    for (BodyDeclaration<?> member : cls.members) {
      if (member instanceof FieldDeclaration f && !cls.isStaticMember(f) && !f.isFinal()) {
        for (VariableDeclarator v : f.getVariables()) {
          if (v.getType().isPrimitiveType()) {
            candidates.add(v.getNameAsString());
          }
        }
      }
    }
    Set<String> assignedLater = new HashSet<>();
    // The names each callable declares, found once per callable rather than once per assignment
    // (which made a method with thousands of assignments quadratic).
    IdentityHashMap<CallableDeclaration<?>, Set<String>> localsOf = new IdentityHashMap<>();
    for (BodyDeclaration<?> member : cls.members) {
      if (member instanceof ConstructorDeclaration
          || member instanceof FieldDeclaration
          || member instanceof InitializerDeclaration) {
        continue;
      }
      member.walk(
          n -> {
            Expression target = null;
            if (n instanceof AssignExpr a) {
              target = a.getTarget();
            } else if (n instanceof UnaryExpr u
                && (u.getOperator() == UnaryExpr.Operator.PREFIX_INCREMENT
                    || u.getOperator() == UnaryExpr.Operator.PREFIX_DECREMENT
                    || u.getOperator() == UnaryExpr.Operator.POSTFIX_INCREMENT
                    || u.getOperator() == UnaryExpr.Operator.POSTFIX_DECREMENT)) {
              target = u.getExpression();
            }
            if (target instanceof NameExpr name
                && !declaresLocal(n, name.getNameAsString(), localsOf)) {
              assignedLater.add(name.getNameAsString());
            } else if (target instanceof FieldAccessExpr fa) {
              assignedLater.add(fa.getNameAsString());
            }
          });
    }
    candidates.removeAll(assignedLater);
    return candidates;
  }

  /**
   * Whether a local or parameter of this name is declared in the callable around a node; {@code
   * localsOf} caches the names each callable declares.
   */
  private static boolean declaresLocal(
      Node n, String name, IdentityHashMap<CallableDeclaration<?>, Set<String>> localsOf) {
    Optional<Node> p = n.getParentNode();
    while (p.isPresent()) {
      Node q = p.get();
      if (q instanceof CallableDeclaration<?> c) {
        return localsOf.computeIfAbsent(c, Lowering::declaredNames).contains(name);
      }
      if (q instanceof LambdaExpr l
          && l.getParameters().stream().anyMatch(x -> x.getNameAsString().equals(name))) {
        return true;
      }
      if (ClassScope.isClass(q)) {
        return false;
      }
      p = q.getParentNode();
    }
    return false;
  }

  /** The names of a callable's parameters and of every variable declared in it. */
  private static Set<String> declaredNames(CallableDeclaration<?> c) {
    Set<String> names = new HashSet<>();
    c.getParameters().forEach(x -> names.add(x.getNameAsString()));
    c.findAll(VariableDeclarator.class).forEach(v -> names.add(v.getNameAsString()));
    return names;
  }

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
  private static Set<String> threadBodies(Shared shared) {
    ClassScope cls = shared.cls;
    Set<String> bodies = new HashSet<>();
    List<String> all = new ArrayList<>();
    for (String s : cls.supertypes) {
      all.add(s);
      all.addAll(shared.types.ancestors(s));
    }
    if (all.contains("java.lang.Runnable")) {
      bodies.add("run");
    }
    for (BodyDeclaration<?> member : cls.members) {
      scanOwn(
          member,
          n -> {
            if (n instanceof MethodCallExpr call
                && THREAD_STARTERS.contains(call.getNameAsString())) {
              call.getArguments().forEach(a -> collectThreadBody(a, cls, bodies));
            } else if (n instanceof ObjectCreationExpr o) {
              TypeRef t =
                  shared.types.resolve(
                      SourceIndex.typeText(o.getType()),
                      shared.ctx,
                      Optional.of(cls.qualifiedName).filter(q -> !q.isEmpty()));
              if (o.getAnonymousClassBody().isPresent()
                  || shared.types.isSubtype(t, "java.lang.Thread")) {
                if (shared.types.isSubtype(t, "java.lang.Thread")) {
                  o.getArguments().forEach(a -> collectThreadBody(a, cls, bodies));
                }
              }
            }
          });
    }
    return bodies;
  }

  private static void collectThreadBody(Expression arg, ClassScope cls, Set<String> bodies) {
    if (arg instanceof MethodReferenceExpr ref) {
      String name = ref.getIdentifier();
      if (!cls.declaredMethods(name, -1).isEmpty()) {
        bodies.add(name);
      }
    } else if (arg instanceof LambdaExpr lambda) {
      scanOwn(
          lambda.getBody(),
          n -> {
            if (n instanceof MethodCallExpr call
                && (call.getScope().isEmpty() || call.getScope().get() instanceof ThisExpr)
                && !cls.declaredMethods(call.getNameAsString(), -1).isEmpty()) {
              bodies.add(call.getNameAsString());
            }
          });
    }
  }

  /** Visits a node and its descendants in source order, not entering nested classes. */
  // The root is the node itself, not an equal tree: identity is the point.
  @SuppressWarnings("ReferenceEquality")
  static void scanOwn(Node root, java.util.function.Consumer<Node> visit) {
    Deque<Node> work = new ArrayDeque<>();
    work.push(root);
    while (!work.isEmpty()) {
      Node n = work.pop();
      if (n != root && ClassScope.isClass(n) && !(n instanceof ObjectCreationExpr)) {
        continue;
      }
      visit.accept(n);
      List<Node> children = n.getChildNodes();
      for (int i = children.size() - 1; i >= 0; i--) {
        Node c = children.get(i);
        if (n instanceof ObjectCreationExpr o
            && o.getAnonymousClassBody().isPresent()
            && c instanceof BodyDeclaration<?>) {
          continue;
        }
        work.push(c);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Locals

  private String declare(String base, TypeRef type, Optional<Object> constant) {
    int n = localNames.merge(base, 1, Integer::sum);
    String name = n == 1 ? base : base + "$" + n;
    scopes.peek().put(base, new LocalVar(name, type, constant));
    return name;
  }

  private Optional<LocalVar> local(String name) {
    for (Map<String, LocalVar> scope : scopes) {
      LocalVar v = scope.get(name);
      if (v != null) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  private void push() {
    scopes.push(new HashMap<>());
  }

  private void pop() {
    scopes.pop();
  }

  private Optional<String> enclosingName() {
    return sh.cls.qualifiedName.isEmpty()
        ? sh.cls.outer.map(o -> o.qualifiedName)
        : Optional.of(sh.cls.qualifiedName);
  }

  private TypeRef declaredType(com.github.javaparser.ast.type.Type type) {
    TypeRef t = sh.types.resolve(SourceIndex.typeText(type), sh.ctx, enclosingName());
    if (!t.isPrimitive() && !t.isUnknown() && !sh.types.knows(t.name())) {
      Optional<TypeRef> solved = sh.resolver.declared(type);
      if (solved.isPresent()) {
        return solved.get();
      }
    }
    return t;
  }

  private TypeRef declaredType(Parameter p) {
    TypeRef t = declaredType(p.getType());
    return p.isVarArgs() ? t.arrayOf() : t;
  }

  private LocalVar declareVariable(VariableDeclarator v, boolean isFinal) {
    TypeRef type =
        v.getType().isVarType()
            ? v.getInitializer().map(this::typeOf).orElse(TypeRef.UNKNOWN)
            : declaredType(v.getType());
    Optional<Object> constant = Optional.empty();
    if (isFinal
        && v.getInitializer().isPresent()
        && (type.isPrimitive() || type.name().equals("java.lang.String"))) {
      constant = constValue(v.getInitializer().get()).map(c -> Constants.convert(c, type));
    }
    String name = declare(v.getNameAsString(), type, constant);
    return new LocalVar(name, type, constant);
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  private Stmt block(List<Statement> statements, Node origin) {
    push();
    try {
      List<Stmt> out = new ArrayList<>(statements.size());
      for (Statement s : statements) {
        out.add(stmt(s));
      }
      return new Stmt.Block(out, origin);
    } finally {
      pop();
    }
  }

  private Stmt stmt(Statement s) {
    if (s instanceof BlockStmt b) {
      return block(b.getStatements(), b);
    }
    if (s instanceof ExpressionStmt e) {
      if (e.getExpression() instanceof VariableDeclarationExpr v) {
        List<Stmt> decls = declarations(v);
        return decls.size() == 1 ? decls.get(0) : new Stmt.Block(decls, e);
      }
      return new Stmt.Eval(expr(e.getExpression()), e);
    }
    if (s instanceof IfStmt i) {
      Expr cond = expr(i.getCondition());
      Stmt then = scoped(i.getThenStmt());
      return new Stmt.If(cond, then, i.getElseStmt().map(this::scoped), i);
    }
    if (s instanceof WhileStmt w) {
      return loop(Optional.of(w.getCondition()), w.getBody(), List.of(), true, null, w);
    }
    if (s instanceof DoStmt d) {
      return loop(Optional.of(d.getCondition()), d.getBody(), List.of(), false, null, d);
    }
    if (s instanceof ForStmt f) {
      push();
      try {
        List<Stmt> init = new ArrayList<>();
        for (Expression e : f.getInitialization()) {
          if (e instanceof VariableDeclarationExpr v) {
            init.addAll(declarations(v));
          } else {
            init.add(new Stmt.Eval(expr(e), e));
          }
        }
        List<Stmt> update = new ArrayList<>();
        for (Expression u : f.getUpdate()) {
          update.add(new Stmt.Eval(expr(u), u));
        }
        init.add(loop(f.getCompare(), f.getBody(), update, true, null, f));
        return new Stmt.Block(init, f);
      } finally {
        pop();
      }
    }
    if (s instanceof ForEachStmt f) {
      Expr iterable = expr(f.getIterable());
      push();
      try {
        VariableDeclarator v = f.getVariable().getVariable(0);
        String name =
            declare(
                v.getNameAsString(),
                v.getType().isVarType()
                    ? typeOf(f.getIterable()).component()
                    : declaredType(v.getType()),
                Optional.empty());
        // Over an array, the variable takes its elements; over anything else, an unknown value.
        Expr element =
            typeOf(f.getIterable()).isArray()
                ? new Expr.ArrayElement(iterable, new Expr.Opaque(List.of(), f), f)
                : new Expr.Opaque(List.of(), f);
        Stmt body =
            new Stmt.Block(
                List.of(new Stmt.Declare(name, Optional.of(element), f), scoped(f.getBody())), f);
        return new Stmt.Block(
            List.of(
                new Stmt.Eval(iterable, f),
                new Stmt.Loop(
                    Optional.empty(), body, Optional.empty(), true, false, Optional.empty(), f)),
            f);
      } finally {
        pop();
      }
    }
    if (s instanceof LabeledStmt l) {
      String label = l.getLabel().asString();
      Statement body = l.getStatement();
      if (body instanceof WhileStmt w) {
        return loop(Optional.of(w.getCondition()), w.getBody(), List.of(), true, label, w);
      }
      if (body instanceof DoStmt d) {
        return loop(Optional.of(d.getCondition()), d.getBody(), List.of(), false, label, d);
      }
      return new Stmt.Labeled(label, stmt(body), l);
    }
    if (s instanceof TryStmt t) {
      return tryStatement(t);
    }
    if (s instanceof SwitchStmt sw) {
      Expr selector = expr(sw.getSelector());
      List<Stmt> cases = new ArrayList<>();
      List<List<Expr>> labels = new ArrayList<>();
      boolean hasDefault = false;
      push();
      try {
        for (SwitchEntry c : sw.getEntries()) {
          hasDefault |= c.getLabels().isEmpty();
          List<Expr> constants = new ArrayList<>();
          for (Expression label : c.getLabels()) {
            Optional<Object> k = constValue(label);
            constants.add(
                k.isPresent()
                    ? constant(k.get(), Optional.of(label.toString()), label)
                    : new Expr.Opaque(List.of(), label));
          }
          labels.add(constants);
          cases.add(
              c.getType() == SwitchEntry.Type.STATEMENT_GROUP
                  ? caseBlock(c)
                  : new Stmt.Eval(opaque(c), c));
        }
      } finally {
        pop();
      }
      // A case in the old form that does not end in a jump runs on into the next one.
      for (int i = cases.size() - 2; i >= 0; i--) {
        SwitchEntry c = sw.getEntries().get(i);
        if (c.getType() == SwitchEntry.Type.STATEMENT_GROUP && !endsInJump(c.getStatements())) {
          cases.set(i, new Stmt.Block(List.of(cases.get(i), cases.get(i + 1)), c));
        }
      }
      return new Stmt.Switch(selector, cases, labels, hasDefault, sw);
    }
    if (s instanceof ReturnStmt r) {
      return new Stmt.Return(r.getExpression().map(this::expr), r);
    }
    if (s instanceof ThrowStmt t) {
      return new Stmt.Throw(expr(t.getExpression()), t);
    }
    if (s instanceof BreakStmt b) {
      return new Stmt.Break(b.getLabel().map(x -> x.asString()), b);
    }
    if (s instanceof ContinueStmt c) {
      return new Stmt.Continue(c.getLabel().map(x -> x.asString()), c);
    }
    if (s instanceof SynchronizedStmt sy) {
      return new Stmt.Block(
          List.of(new Stmt.Eval(expr(sy.getExpression()), sy), stmt(sy.getBody())), sy);
    }
    if (s instanceof ExplicitConstructorInvocationStmt c) {
      List<Expr> args = new ArrayList<>();
      for (Expression a : c.getArguments()) {
        args.add(expr(a));
      }
      return new Stmt.Eval(constructorCall(args, c.isThis(), c), c);
    }
    // A local class, an assert, a yield, an empty statement, or something newer: only what it
    // mentions matters (it escapes).
    return new Stmt.Eval(opaque(s), s);
  }

  /** Whether the statements never complete normally, as far as their last statement shows. */
  private static boolean endsInJump(List<Statement> statements) {
    return !statements.isEmpty() && isJump(statements.get(statements.size() - 1));
  }

  private static boolean isJump(Statement s) {
    if (s instanceof BreakStmt
        || s instanceof ReturnStmt
        || s instanceof ThrowStmt
        || s instanceof ContinueStmt
        || s instanceof com.github.javaparser.ast.stmt.YieldStmt) {
      return true;
    }
    if (s instanceof BlockStmt b) {
      return endsInJump(b.getStatements());
    }
    if (s instanceof IfStmt i) {
      return i.getElseStmt().isPresent()
          && isJump(i.getThenStmt())
          && isJump(i.getElseStmt().get());
    }
    return false;
  }

  /** A case's statements share the switch's scope (a local declared in one is seen in the next). */
  private Stmt caseBlock(SwitchEntry c) {
    List<Stmt> out = new ArrayList<>();
    for (Statement st : c.getStatements()) {
      out.add(stmt(st));
    }
    return new Stmt.Block(out, c);
  }

  /** A statement in a scope of its own (the branch of an if, a loop body). */
  private Stmt scoped(Statement s) {
    push();
    try {
      return stmt(s);
    } finally {
      pop();
    }
  }

  private List<Stmt> declarations(VariableDeclarationExpr v) {
    List<Stmt> out = new ArrayList<>();
    boolean isFinal = v.isFinal();
    for (VariableDeclarator d : v.getVariables()) {
      Optional<Expr> init = d.getInitializer().map(i -> initializer(i, d));
      LocalVar local = declareVariable(d, isFinal);
      out.add(new Stmt.Declare(local.unique(), init, d));
    }
    return out;
  }

  /** A variable's initializer: an array initializer takes the variable's type. */
  private Expr initializer(Expression init, VariableDeclarator v) {
    if (init instanceof ArrayInitializerExpr a) {
      return newArray(a.getValues(), declaredType(v.getType()), a);
    }
    return expr(init);
  }

  private Stmt loop(
      Optional<Expression> cond,
      Statement body,
      List<Stmt> update,
      boolean testFirst,
      String label,
      Node origin) {
    Optional<Expr> c = cond.map(this::expr);
    boolean infinite = c.isEmpty() || (c.get() instanceof Expr.BoolConst b && b.value());
    Stmt loweredBody = scoped(body);
    return new Stmt.Loop(
        infinite ? Optional.empty() : c,
        loweredBody,
        update.isEmpty() ? Optional.empty() : Optional.of(new Stmt.Block(update, origin)),
        testFirst,
        infinite,
        Optional.ofNullable(label),
        origin);
  }

  private Stmt tryStatement(TryStmt t) {
    push();
    try {
      List<Stmt> body = new ArrayList<>();
      List<Stmt> closing = new ArrayList<>();
      for (Expression r : t.getResources()) {
        Expr resource;
        TypeRef type;
        if (r instanceof VariableDeclarationExpr v) {
          List<Stmt> decls = declarations(v);
          body.addAll(decls);
          resource = new Expr.Local(((Stmt.Declare) decls.get(0)).local(), v);
          type =
              local(v.getVariable(0).getNameAsString()).map(LocalVar::type).orElse(TypeRef.UNKNOWN);
        } else {
          resource = expr(r);
          type = typeOf(r);
        }
        closing.add(0, new Stmt.Eval(closeCall(resource, type, r), r));
      }
      body.add(stmt(t.getTryBlock()));
      List<Stmt.Catch> catches = new ArrayList<>();
      for (CatchClause c : t.getCatchClauses()) {
        push();
        try {
          String name =
              declare(
                  c.getParameter().getNameAsString(),
                  declaredType(c.getParameter().getType()),
                  Optional.empty());
          catches.add(
              new Stmt.Catch(name, stmt(c.getBody()), c, catchesLastError(c.getParameter())));
        } finally {
          pop();
        }
      }
      return new Stmt.Try(
          new Stmt.Block(body, t),
          catches,
          closing.isEmpty() ? Optional.empty() : Optional.of(new Stmt.Block(closing, t)),
          t.getFinallyBlock().map(this::stmt),
          t);
    } finally {
      pop();
    }
  }

  /** The implicit close() of a try-with-resources resource. */
  private Expr closeCall(Expr resource, TypeRef type, Node origin) {
    String owner = type.isUnknown() || type.isArray() ? "" : type.name();
    CallShape shape = new CallShape("close", owner, CallShape.Origin.INSTANCE_METHOD, List.of());
    return new Expr.Call(
        sh.ids[0]++,
        "close",
        owner,
        Optional.of(resource),
        List.of(),
        List.of(),
        sh.api.bind(shape),
        Optional.empty(),
        origin);
  }

  /** {@code super(...)} or {@code this(...)} in a constructor. */
  private Expr constructorCall(List<Expr> args, boolean self, Node origin) {
    return new Expr.Call(
        sh.ids[0]++,
        "<init>",
        self ? sh.cls.qualifiedName : sh.cls.supertypes.isEmpty() ? "" : sh.cls.supertypes.get(0),
        Optional.empty(),
        args,
        List.of(),
        Optional.empty(),
        self ? Optional.of("<init>") : Optional.empty(),
        origin);
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  Expr expr(Expression e) {
    if (e instanceof EnclosedExpr p) {
      return expr(p.getInner());
    }
    if (e instanceof LiteralExpr lit) {
      return literal(lit);
    }
    if (!(e instanceof MethodCallExpr)) {
      Optional<Object> constant = constValue(e);
      if (constant.isPresent()) {
        Optional<String> name = Optional.empty();
        if (e instanceof NameExpr n) {
          name = Optional.of(n.getNameAsString());
        } else if (e instanceof FieldAccessExpr f) {
          name = Optional.of(f.getNameAsString());
        }
        return constant(constant.get(), name, e);
      }
    }
    if (e instanceof NameExpr n) {
      return name(n);
    }
    if (e instanceof ThisExpr t) {
      return t.getTypeName().isPresent()
          ? new Expr.Field(Optional.of(new Expr.Opaque(List.of(), t)), "this", t)
          : new Expr.Field(Optional.empty(), "this", t);
    }
    if (e instanceof SuperExpr s) {
      return new Expr.Field(Optional.empty(), "super", s);
    }
    if (e instanceof FieldAccessExpr f) {
      return fieldAccess(f);
    }
    if (e instanceof MethodCallExpr call) {
      return call(call);
    }
    if (e instanceof ObjectCreationExpr nc) {
      return newClass(nc);
    }
    if (e instanceof ArrayCreationExpr na) {
      TypeRef type = declaredType(na.getElementType());
      for (int i = 0; i < na.getLevels().size(); i++) {
        type = type.arrayOf();
      }
      return newArray(
          na.getInitializer().map(ArrayInitializerExpr::getValues).orElse(null), type, na);
    }
    if (e instanceof ArrayInitializerExpr a) {
      return newArray(a.getValues(), TypeRef.UNKNOWN, a);
    }
    if (e instanceof AssignExpr a) {
      Expr target = expr(a.getTarget());
      if (a.getOperator() == AssignExpr.Operator.ASSIGN) {
        return new Expr.Assign(target, expr(a.getValue()), a);
      }
      return new Expr.Assign(target, new Expr.Opaque(List.of(expr(a.getValue())), a), a);
    }
    if (e instanceof BinaryExpr b) {
      Expr left = expr(b.getLeft());
      Expr right = expr(b.getRight());
      return new Expr.Binary(binaryOp(b.getOperator()), left, right, b);
    }
    if (e instanceof UnaryExpr u) {
      return switch (u.getOperator()) {
        case LOGICAL_COMPLEMENT -> new Expr.Unary("!", expr(u.getExpression()), u);
        case MINUS -> new Expr.Unary("-", expr(u.getExpression()), u);
        case BITWISE_COMPLEMENT -> new Expr.Unary("~", expr(u.getExpression()), u);
        default -> new Expr.Opaque(List.of(expr(u.getExpression())), u);
      };
    }
    if (e instanceof CastExpr c) {
      boolean narrow =
          c.getType().isPrimitiveType()
              && c.getType().asString().equals("int")
              && typeOf(c.getExpression()).equals(TypeRef.LONG);
      return new Expr.Unary(narrow ? "(narrow)" : "(cast)", expr(c.getExpression()), c);
    }
    if (e instanceof ConditionalExpr c) {
      Expr cond = expr(c.getCondition());
      Expr then = expr(c.getThenExpr());
      return new Expr.Conditional(cond, then, expr(c.getElseExpr()), c);
    }
    if (e instanceof ArrayAccessExpr a) {
      Expr array = expr(a.getName());
      return new Expr.ArrayElement(array, expr(a.getIndex()), a);
    }
    return opaque(e);
  }

  private static String binaryOp(BinaryExpr.Operator op) {
    return switch (op) {
      case EQUALS -> "==";
      case NOT_EQUALS -> "!=";
      case AND -> "&&";
      case OR -> "||";
      case BINARY_OR -> "|";
      case BINARY_AND -> "&";
      case XOR -> "^";
      case PLUS -> "+";
      case MINUS -> "MINUS";
      case MULTIPLY -> "MULTIPLY";
      case DIVIDE -> "DIVIDE";
      case REMAINDER -> "REMAINDER";
      case LESS -> "LESS_THAN";
      case GREATER -> "GREATER_THAN";
      case LESS_EQUALS -> "LESS_THAN_EQUAL";
      case GREATER_EQUALS -> "GREATER_THAN_EQUAL";
      case LEFT_SHIFT -> "LEFT_SHIFT";
      case SIGNED_RIGHT_SHIFT -> "RIGHT_SHIFT";
      case UNSIGNED_RIGHT_SHIFT -> "UNSIGNED_RIGHT_SHIFT";
    };
  }

  private static Expr literal(LiteralExpr lit) {
    if (lit instanceof NullLiteralExpr) {
      return new Expr.NullConst(lit);
    }
    return constant(Constants.literal(lit).orElse(null), Optional.empty(), lit);
  }

  private static Expr constant(Object v, Optional<String> name, Node origin) {
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

  /** What a simple name denotes, as javac's symbol would say. */
  private enum NameKind {
    LOCAL,
    CAPTURED,
    INSTANCE_FIELD,
    STATIC_FIELD,
    UNKNOWN
  }

  private record NameInfo(NameKind kind, String owner, TypeRef type) {}

  private NameInfo classify(String name, Optional<NameExpr> node) {
    if (local(name).isPresent()) {
      LocalVar v = local(name).get();
      return new NameInfo(NameKind.LOCAL, "", v.type());
    }
    if (patternVariables.contains(name)) {
      return new NameInfo(NameKind.CAPTURED, "", TypeRef.UNKNOWN);
    }
    // Fields of this class, then captured locals (of a local or anonymous class), then fields of
    // the classes around it and inherited ones.
    Optional<ClassScope> c = Optional.of(sh.cls);
    boolean first = true;
    while (c.isPresent()) {
      ClassScope cls = c.get();
      Optional<VariableDeclarator> v = cls.declaredField(name);
      if (v.isPresent()) {
        FieldDeclaration f = (FieldDeclaration) v.get().getParentNode().orElseThrow();
        return new NameInfo(
            cls.isStaticMember(f) ? NameKind.STATIC_FIELD : NameKind.INSTANCE_FIELD,
            cls.qualifiedName,
            sh.types.resolve(
                SourceIndex.typeText(v.get().getType()),
                sh.ctx,
                Optional.of(cls.qualifiedName).filter(q -> !q.isEmpty())));
      }
      if (cls.declaresRecordComponent(name)) {
        return new NameInfo(NameKind.INSTANCE_FIELD, cls.qualifiedName, TypeRef.UNKNOWN);
      }
      if (first && cls.capturedLocals.contains(name)) {
        return new NameInfo(NameKind.CAPTURED, "", TypeRef.UNKNOWN);
      }
      for (String s : cls.supertypes) {
        Optional<SourceIndex.FieldInfo> inherited = sh.types.field(s, name);
        if (inherited.isPresent()) {
          SourceIndex.FieldInfo fi = inherited.get();
          return new NameInfo(
              fi.isStatic() ? NameKind.STATIC_FIELD : NameKind.INSTANCE_FIELD,
              fi.owner().qualifiedName,
              sh.types.resolveIn(fi.type(), fi.owner()));
        }
      }
      if (!first && cls.capturedLocals.contains(name)) {
        return new NameInfo(NameKind.CAPTURED, "", TypeRef.UNKNOWN);
      }
      first = false;
      c = cls.outer;
    }
    String imported = sh.ctx.staticMembers.get(name);
    if (imported != null) {
      return new NameInfo(NameKind.STATIC_FIELD, imported, TypeRef.UNKNOWN);
    }
    if (node.isPresent()) {
      Optional<Boolean> isStatic = sh.resolver.isStaticField(node.get());
      if (isStatic.isPresent()) {
        return new NameInfo(
            isStatic.get() ? NameKind.STATIC_FIELD : NameKind.INSTANCE_FIELD,
            "",
            sh.resolver.type(node.get()).orElse(TypeRef.UNKNOWN));
      }
    }
    return new NameInfo(NameKind.UNKNOWN, "", TypeRef.UNKNOWN);
  }

  private Expr name(NameExpr n) {
    String name = n.getNameAsString();
    NameInfo info = classify(name, Optional.of(n));
    return switch (info.kind()) {
      case LOCAL -> new Expr.Local(local(name).orElseThrow().unique(), n);
      case CAPTURED -> new Expr.Opaque(List.of(), n);
      case INSTANCE_FIELD -> new Expr.Field(Optional.empty(), name, n);
      case STATIC_FIELD ->
          new Expr.Field(
              Optional.of(new Expr.Opaque(List.of(), n)),
              info.owner().isEmpty() ? name : info.owner() + "." + name,
              n);
      case UNKNOWN ->
          // Not declared anywhere the scanner can see: an inherited field, or a constant from a
          // type it does not know.
          looksLikeConstant(name)
              ? new Expr.Field(Optional.of(new Expr.Opaque(List.of(), n)), name, n)
              : new Expr.Field(Optional.empty(), name, n);
    };
  }

  private static boolean looksLikeConstant(String name) {
    return name.equals(name.toUpperCase(java.util.Locale.ROOT))
        && !name.equals(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** Whether an expression names a type or package (the scope of a static member). */
  private boolean isTypeName(Expression scope) {
    if (scope instanceof NameExpr n) {
      String name = n.getNameAsString();
      NameKind kind = classify(name, Optional.empty()).kind();
      if (kind != NameKind.UNKNOWN) {
        return false;
      }
      return Character.isUpperCase(name.charAt(0))
          || sh.types.index().isPackage(name)
          || sh.ctx.singleTypes.containsKey(name);
    }
    if (scope instanceof FieldAccessExpr f) {
      Expression head = f;
      while (head instanceof FieldAccessExpr x) {
        head = x.getScope();
      }
      if (!(head instanceof NameExpr hn)) {
        return false;
      }
      if (classify(hn.getNameAsString(), Optional.empty()).kind() != NameKind.UNKNOWN) {
        return false;
      }
      if (Character.isUpperCase(hn.getNameAsString().charAt(0))) {
        // Type.Member: a member type when it is capitalized, else a static field.
        return Character.isUpperCase(f.getNameAsString().charAt(0))
            && !looksLikeConstant(f.getNameAsString());
      }
      // package.Type or package.Type.Member
      return Character.isUpperCase(f.getNameAsString().charAt(0))
          && !looksLikeConstant(f.getNameAsString());
    }
    return false;
  }

  /** The qualified name of a type written as an expression (a static member's scope). */
  private String typeNameOf(Expression scope) {
    return sh.types.qualify(scope.toString(), sh.ctx, enclosingName()).orElse(scope.toString());
  }

  private Expr fieldAccess(FieldAccessExpr f) {
    Expression base = f.getScope();
    String name = f.getNameAsString();
    if (base instanceof ThisExpr t && t.getTypeName().isEmpty()) {
      return new Expr.Field(Optional.empty(), name, f);
    }
    if (isTypeName(base)) {
      if (isTypeName(f)) {
        return new Expr.Opaque(List.of(), f);
      }
      String owner = typeNameOf(base);
      if (name.equals("NULL") && sh.types.shape(TypeRef.of(owner)) == TypeShape.POINTER) {
        owner =
            owner.startsWith(WellKnown.RUNTIME)
                ? WellKnown.RUNTIME + "Pointer"
                : WellKnown.JNA + "Pointer";
      }
      return new Expr.Field(Optional.of(new Expr.Opaque(List.of(), base)), owner + "." + name, f);
    }
    if (isPackagePrefix(f)) {
      return new Expr.Opaque(List.of(), f);
    }
    TypeRef baseType = typeOf(base);
    String owner =
        baseType.isUnknown() || baseType.isArray()
            ? ""
            : sh.types.field(baseType.name(), name).map(i -> i.owner().qualifiedName).orElse("");
    return new Expr.Field(Optional.of(expr(base)), name, owner, f);
  }

  /** A dotted name made only of lower-case segments the scanner cannot resolve: a package. */
  private boolean isPackagePrefix(FieldAccessExpr f) {
    Expression head = f;
    while (head instanceof FieldAccessExpr x) {
      if (!Character.isLowerCase(x.getNameAsString().charAt(0))) {
        return false;
      }
      head = x.getScope();
    }
    return head instanceof NameExpr n
        && classify(n.getNameAsString(), Optional.empty()).kind() == NameKind.UNKNOWN
        && sh.types.index().isPackage(f.toString());
  }

  private Expr call(MethodCallExpr call) {
    Optional<Expr> receiver = Optional.empty();
    Optional<Expression> scope = call.getScope();
    boolean staticScope = scope.isPresent() && isTypeName(scope.get());
    if (scope.isPresent() && !staticScope) {
      receiver = Optional.of(expr(scope.get()));
    }
    String name = call.getNameAsString();
    boolean handsToThread = HANDS_TO_THREAD.contains(name);
    List<Expr> args = new ArrayList<>();
    for (Expression a : call.getArguments()) {
      args.add(handsToThread ? argumentRunElsewhere(a) : expr(a));
    }
    boolean candidate = sh.api.isCandidateName(name);
    MethodTarget target = target(call, staticScope, candidate || Interest.ownerMatters(name));
    List<TypeShape> params = new ArrayList<>();
    if (candidate) {
      for (TypeRef p : target.parameters()) {
        params.add(sh.types.shape(p));
      }
      if (target.parameters().isEmpty() && !call.getArguments().isEmpty() && !target.declared()) {
        // No declaration: the arguments' own shapes stand for the parameters'.
        for (Expression a : call.getArguments()) {
          params.add(a instanceof NullLiteralExpr ? TypeShape.UNKNOWN : argumentShape(a));
        }
      }
    }
    CallShape.Origin origin =
        target.declared()
            ? (target.isStatic()
                ? CallShape.Origin.STATIC_METHOD
                : CallShape.Origin.INSTANCE_METHOD)
            : CallShape.Origin.UNRESOLVED;
    return new Expr.Call(
        sh.ids[0]++,
        name,
        target.owner(),
        receiver,
        args,
        params,
        candidate
            ? sh.api.bind(new CallShape(name, target.owner(), origin, params))
            : Optional.empty(),
        target.sameClass() ? Optional.of(name) : Optional.empty(),
        call,
        candidate && target.throwsLastError());
  }

  private TypeShape argumentShape(Expression a) {
    TypeRef t = typeOf(a);
    return t.isUnknown() ? TypeShape.UNKNOWN : sh.types.shape(t);
  }

  /** What a call binds to, as far as the scanner can tell. */
  private record MethodTarget(
      String owner,
      List<TypeRef> parameters,
      boolean isStatic,
      boolean sameClass,
      boolean declared,
      TypeRef returnType,
      boolean throwsLastError) {
    MethodTarget(
        String owner,
        List<TypeRef> parameters,
        boolean isStatic,
        boolean sameClass,
        boolean declared,
        TypeRef returnType) {
      this(owner, parameters, isStatic, sameClass, declared, returnType, false);
    }
  }

  /**
   * Whether a catch parameter takes JNA's LastErrorException, by the names of its type (or of a
   * union's alternatives): that class or one of its supertypes.
   */
  private static boolean catchesLastError(Parameter p) {
    List<com.github.javaparser.ast.type.Type> types =
        p.getType() instanceof com.github.javaparser.ast.type.UnionType u
            ? List.copyOf(u.getElements())
            : List.of(p.getType());
    for (com.github.javaparser.ast.type.Type t : types) {
      String name = t.asString();
      if (WellKnown.isLastErrorException(name)
          || Set.of("RuntimeException", "Exception", "Throwable")
              .contains(name.substring(name.lastIndexOf('.') + 1))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a declaration says it throws JNA's LastErrorException (by name). */
  private static boolean throwsLastError(CallableDeclaration<?> m) {
    return m.getThrownExceptions().stream()
        .anyMatch(t -> WellKnown.isLastErrorException(t.asString()));
  }

  private MethodTarget target(MethodCallExpr call, boolean staticScope, boolean resolve) {
    String name = call.getNameAsString();
    int arity = call.getArguments().size();
    Optional<Expression> scope = call.getScope();
    if (scope.isEmpty() || (scope.get() instanceof ThisExpr t && t.getTypeName().isEmpty())) {
      List<CallableDeclaration<?>> own = sh.cls.declaredMethods(name, arity);
      if (!own.isEmpty()) {
        CallableDeclaration<?> m = pick(own, call);
        List<TypeRef> params = new ArrayList<>();
        for (Parameter p : m.getParameters()) {
          params.add(declaredType(p));
        }
        boolean isStatic = sh.cls.isStaticMember((BodyDeclaration<?>) m);
        TypeRef returned = declaredType(((MethodDeclaration) m).getType());
        if (resolve && own.size() > 1) {
          Optional<Resolver.Method> r = sh.resolver.method(call);
          if (r.isPresent()) {
            return new MethodTarget(
                r.get().owner(),
                r.get().parameters(),
                r.get().isStatic(),
                true,
                true,
                r.get().returnType(),
                r.get().throwsLastError());
          }
        }
        return new MethodTarget(
            sh.cls.qualifiedName, params, isStatic, true, true, returned, throwsLastError(m));
      }
    }
    if (resolve) {
      Optional<Resolver.Method> r = sh.resolver.method(call);
      if (r.isPresent()) {
        return new MethodTarget(
            r.get().owner(),
            r.get().parameters(),
            r.get().isStatic(),
            false,
            true,
            r.get().returnType(),
            r.get().throwsLastError());
      }
    }
    if (name.equals("wait") || name.equals("notify") || name.equals("notifyAll")) {
      return new MethodTarget("java.lang.Object", List.of(), false, false, false, TypeRef.UNKNOWN);
    }
    if (scope.isEmpty() || scope.get() instanceof ThisExpr || scope.get() instanceof SuperExpr) {
      // Inherited, in an enclosing class, or statically imported.
      List<String> owners = new ArrayList<>(sh.cls.supertypes);
      for (Optional<ClassScope> c = sh.cls.outer; c.isPresent(); c = c.get().outer) {
        if (!c.get().declaredMethods(name, arity).isEmpty()) {
          return fromSource(
              c.get().qualifiedName, pick(c.get().declaredMethods(name, arity), call), c.get());
        }
        owners.addAll(c.get().supertypes);
      }
      for (String s : owners) {
        List<SourceIndex.MethodInfo> found = sh.types.methods(s, name, arity);
        if (!found.isEmpty()) {
          return fromIndex(pickIndexed(found, call));
        }
      }
      String imported = sh.ctx.staticMembers.get(name);
      if (imported != null) {
        List<SourceIndex.MethodInfo> found = sh.types.methods(imported, name, arity);
        return found.isEmpty()
            ? new MethodTarget(imported, List.of(), true, false, false, TypeRef.UNKNOWN)
            : fromIndex(pickIndexed(found, call));
      }
      for (String owner : sh.ctx.staticOnDemand) {
        List<SourceIndex.MethodInfo> found = sh.types.methods(owner, name, arity);
        if (!found.isEmpty()) {
          return fromIndex(pickIndexed(found, call));
        }
      }
      return new MethodTarget("", List.of(), false, false, false, TypeRef.UNKNOWN);
    }
    TypeRef receiverType = staticScope ? TypeRef.of(typeNameOf(scope.get())) : typeOf(scope.get());
    if (receiverType.isUnknown() || receiverType.isPrimitive()) {
      return new MethodTarget("", List.of(), staticScope, false, false, TypeRef.UNKNOWN);
    }
    if (receiverType.isArray()) {
      return new MethodTarget("java.lang.Object", List.of(), false, false, false, TypeRef.UNKNOWN);
    }
    List<SourceIndex.MethodInfo> found = sh.types.methods(receiverType.name(), name, arity);
    if (!found.isEmpty()) {
      return fromIndex(pickIndexed(found, call));
    }
    return new MethodTarget(
        Interest.declaringType(receiverType.name(), name, sh.types),
        List.of(),
        staticScope,
        false,
        false,
        Interest.returnType(receiverType, name, sh.types));
  }

  /**
   * The overload a call most likely binds to: the first whose parameters' shapes do not contradict
   * the arguments' (an argument of unknown type contradicts nothing).
   */
  private CallableDeclaration<?> pick(List<CallableDeclaration<?>> overloads, MethodCallExpr call) {
    if (overloads.size() == 1) {
      return overloads.get(0);
    }
    for (CallableDeclaration<?> m : overloads) {
      List<TypeShape> params = new ArrayList<>();
      for (Parameter p : m.getParameters()) {
        if (p.isVarArgs()) {
          break;
        }
        params.add(sh.types.shape(declaredType(p)));
      }
      if (fits(params, call)) {
        return m;
      }
    }
    return overloads.get(0);
  }

  /** As {@link #pick}, for methods of other types declared in the scanned sources. */
  private SourceIndex.MethodInfo pickIndexed(
      List<SourceIndex.MethodInfo> overloads, MethodCallExpr call) {
    if (overloads.size() == 1) {
      return overloads.get(0);
    }
    for (SourceIndex.MethodInfo m : overloads) {
      List<TypeShape> params = new ArrayList<>();
      for (String p : m.parameterTypes()) {
        params.add(sh.types.shape(sh.types.resolveIn(p, m.owner())));
      }
      if (fits(params, call)) {
        return m;
      }
    }
    return overloads.get(0);
  }

  /** Whether no argument's shape contradicts the parameter's at its position. */
  private boolean fits(List<TypeShape> params, MethodCallExpr call) {
    for (int i = 0; i < params.size() && i < call.getArguments().size(); i++) {
      Expression a = call.getArgument(i);
      TypeShape arg = a instanceof NullLiteralExpr ? TypeShape.UNKNOWN : argumentShape(a);
      if (!compatible(arg, params.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean compatible(TypeShape arg, TypeShape param) {
    return arg == param
        || arg == TypeShape.UNKNOWN
        || param == TypeShape.UNKNOWN
        || param == TypeShape.OBJECT;
  }

  private MethodTarget fromSource(String owner, CallableDeclaration<?> m, ClassScope cls) {
    List<TypeRef> params = new ArrayList<>();
    for (Parameter p : m.getParameters()) {
      params.add(declaredType(p));
    }
    return new MethodTarget(
        owner,
        params,
        cls.isStaticMember((BodyDeclaration<?>) m),
        false,
        true,
        m instanceof MethodDeclaration md ? declaredType(md.getType()) : TypeRef.UNKNOWN,
        throwsLastError(m));
  }

  private MethodTarget fromIndex(SourceIndex.MethodInfo m) {
    List<TypeRef> params = new ArrayList<>();
    for (String p : m.parameterTypes()) {
      params.add(sh.types.resolveIn(p, m.owner()));
    }
    return new MethodTarget(
        m.owner().qualifiedName,
        params,
        m.isStatic(),
        false,
        true,
        sh.types.resolveIn(m.returnType(), m.owner()),
        m.throwsLastError());
  }

  private Expr newClass(ObjectCreationExpr nc) {
    boolean isThread = sh.types.isSubtype(declaredType(nc.getType()), "java.lang.Thread");
    List<Expr> args = new ArrayList<>();
    for (Expression a : nc.getArguments()) {
      args.add(isThread ? argumentRunElsewhere(a) : expr(a));
    }
    if (nc.getAnonymousClassBody().isPresent()) {
      args.add(opaque(nc, true));
      return new Expr.New(sh.ids[0]++, Expr.NewKind.OTHER, "anonymous", false, args, nc);
    }
    TypeRef type = declaredType(nc.getType());
    TypeShape shape = sh.types.shape(type);
    Expr.NewKind kind = Expr.NewKind.OTHER;
    if (shape == TypeShape.STRUCTURE) {
      Optional<List<TypeRef>> ctor = sh.resolver.constructor(nc);
      boolean view =
          ctor.isPresent()
              ? ctor.get().size() == 1 && sh.types.shape(ctor.get().get(0)) == TypeShape.POINTER
              : nc.getArguments().size() == 1
                  && argumentShape(nc.getArgument(0)) == TypeShape.POINTER;
      kind = view ? Expr.NewKind.STRUCTURE_VIEW : Expr.NewKind.STRUCTURE;
    } else if (shape == TypeShape.POINTER) {
      // Memory owns what it allocates; a plain Pointer over an address is a view of memory
      // allocated elsewhere (Native.malloc, a dequeued packet's pointer).
      boolean owns =
          sh.types.isSubtype(type, WellKnown.JNA + "Memory")
              || sh.types.isSubtype(type, WellKnown.RUNTIME + "Memory");
      kind = owns ? Expr.NewKind.MEMORY : Expr.NewKind.STRUCTURE_VIEW;
    }
    String typeName = type.isUnknown() ? "?" : type.name();
    boolean autoWrite = kind == Expr.NewKind.STRUCTURE && sh.types.keepsAutoWrite(type);
    return new Expr.New(sh.ids[0]++, kind, typeName, autoWrite, args, nc);
  }

  private Expr newArray(List<Expression> initializers, TypeRef type, Node origin) {
    // Only an initializer's values are elements; dimensions are sizes.
    List<Expr> args = new ArrayList<>();
    if (initializers != null) {
      for (Expression i : initializers) {
        args.add(
            i instanceof ArrayInitializerExpr nested
                ? newArray(nested.getValues(), type.component(), nested)
                : expr(i));
      }
    }
    TypeShape shape = sh.types.shape(type);
    String typeName = type.isUnknown() ? "?[]" : type.display();
    Expr.NewKind kind =
        shape == TypeShape.BYTE_ARRAY ? Expr.NewKind.JAVA_ARRAY : Expr.NewKind.OTHER;
    return new Expr.New(
        sh.ids[0]++,
        kind,
        typeName.endsWith("[]") ? typeName : typeName + "[]",
        false,
        args,
        origin);
  }

  /** Calls whose lambda arguments run on another thread: thread starters, and Cleaner.register. */
  private static final Set<String> HANDS_TO_THREAD =
      java.util.stream.Stream.concat(
              THREAD_STARTERS.stream(), java.util.stream.Stream.of("register"))
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** An argument of a call that runs it on another thread: a lambda there is lowered whole. */
  private Expr argumentRunElsewhere(Expression a) {
    if (!(a instanceof LambdaExpr lambda)) {
      return expr(a);
    }
    Expr.Opaque captured = (Expr.Opaque) opaque(lambda);
    push();
    try {
      List<String> params = new ArrayList<>();
      for (Parameter p : lambda.getParameters()) {
        TypeRef type =
            p.getType() instanceof com.github.javaparser.ast.type.UnknownType
                ? TypeRef.UNKNOWN
                : declaredType(p);
        params.add(declare(p.getNameAsString(), type, Optional.empty()));
      }
      Stmt body =
          lambda.getBody() instanceof BlockStmt b
              ? block(b.getStatements(), b)
              : new Stmt.Eval(
                  expr(((ExpressionStmt) lambda.getBody()).getExpression()), lambda.getBody());
      return new Expr.Lambda(params, body, captured, lambda);
    } finally {
      pop();
    }
  }

  /** What a node mentions: its locals and fields, as an expression they escape through. */
  private Expr opaque(Node tree) {
    return opaque(tree, false);
  }

  private Expr opaque(Node tree, boolean bodyOnly) {
    List<Expr> parts = new ArrayList<>();
    Set<String> declaredInside = new HashSet<>();
    tree.walk(
        n -> {
          if (n instanceof VariableDeclarator v) {
            declaredInside.add(v.getNameAsString());
          } else if (n instanceof Parameter p) {
            declaredInside.add(p.getNameAsString());
          }
        });
    tree.walk(
        n -> {
          if (bodyOnly && n instanceof Expression && isArgumentOf(n, tree)) {
            return;
          }
          if (n instanceof ThisExpr t && t.getTypeName().isEmpty()) {
            parts.add(new Expr.Field(Optional.empty(), "this", n));
          } else if (n instanceof SuperExpr s && s.getTypeName().isEmpty()) {
            parts.add(new Expr.Field(Optional.empty(), "super", n));
          } else if (n instanceof NameExpr name) {
            String id = name.getNameAsString();
            if (declaredInside.contains(id)) {
              return;
            }
            Optional<LocalVar> l = local(id);
            if (l.isPresent()) {
              parts.add(new Expr.Local(l.get().unique(), n));
            } else if (classify(id, Optional.empty()).kind() == NameKind.INSTANCE_FIELD) {
              parts.add(new Expr.Field(Optional.empty(), id, n));
            }
          }
        });
    return new Expr.Opaque(parts, tree);
  }

  /** For an anonymous class: its arguments were lowered already, only its body is opaque. */
  // Nodes are compared as the same node, not as equal trees: identity is the point.
  @SuppressWarnings("ReferenceEquality")
  private static boolean isArgumentOf(Node n, Node allocation) {
    if (!(allocation instanceof ObjectCreationExpr o)) {
      return false;
    }
    for (Expression a : o.getArguments()) {
      if (a == n || a.isAncestorOf(n)) {
        return true;
      }
    }
    return o.getScope().map(s -> s == n || s.isAncestorOf(n)).orElse(false);
  }

  // -------------------------------------------------------------------------------------------
  // Constants and types of expressions

  private Optional<Object> constValue(Expression e) {
    return sh.constants.value(
        e,
        new Constants.Env() {
          @Override
          public Optional<Constants.Known> local(String name) {
            Optional<LocalVar> v = Lowering.this.local(name);
            return v.isPresent()
                ? Optional.of(new Constants.Known(v.get().constant()))
                : Optional.empty();
          }

          @Override
          public Optional<Constants.Known> field(String name) {
            NameInfo info = classify(name, Optional.empty());
            if (info.kind() == NameKind.LOCAL || info.kind() == NameKind.CAPTURED) {
              return Optional.of(new Constants.Known(Optional.empty()));
            }
            return Optional.empty();
          }

          @Override
          public FileContext context() {
            return sh.ctx;
          }

          @Override
          public ClassScope cls() {
            return sh.cls;
          }
        });
  }

  /** The static type of an expression, as far as names and declarations tell. */
  TypeRef typeOf(Expression e) {
    TypeRef t = typeByName(e);
    if (t.isUnknown()) {
      return sh.resolver.type(e).orElse(TypeRef.UNKNOWN);
    }
    return t;
  }

  private TypeRef typeByName(Expression e) {
    if (e instanceof EnclosedExpr p) {
      return typeOf(p.getInner());
    }
    if (e instanceof IntegerLiteralExpr) {
      return TypeRef.INT;
    }
    if (e instanceof LongLiteralExpr) {
      return TypeRef.LONG;
    }
    if (e instanceof CharLiteralExpr) {
      return TypeRef.of("char");
    }
    if (e instanceof BooleanLiteralExpr) {
      return TypeRef.BOOLEAN;
    }
    if (e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr) {
      return TypeRef.STRING;
    }
    if (e instanceof DoubleLiteralExpr d) {
      return TypeRef.of(
          d.getValue().toLowerCase(java.util.Locale.ROOT).endsWith("f") ? "float" : "double");
    }
    if (e instanceof NameExpr n) {
      return classify(n.getNameAsString(), Optional.of(n)).type();
    }
    if (e instanceof ThisExpr t && t.getTypeName().isEmpty()) {
      return sh.cls.qualifiedName.isEmpty() ? TypeRef.UNKNOWN : TypeRef.of(sh.cls.qualifiedName);
    }
    if (e instanceof FieldAccessExpr f) {
      if (f.getNameAsString().equals("length") && typeOf(f.getScope()).isArray()) {
        return TypeRef.INT;
      }
      if (f.getScope() instanceof ThisExpr t && t.getTypeName().isEmpty()) {
        return classify(f.getNameAsString(), Optional.empty()).type();
      }
      TypeRef owner =
          isTypeName(f.getScope()) ? TypeRef.of(typeNameOf(f.getScope())) : typeOf(f.getScope());
      if (!owner.isUnknown() && !owner.isArray()) {
        Optional<SourceIndex.FieldInfo> field = sh.types.field(owner.name(), f.getNameAsString());
        if (field.isPresent()) {
          return sh.types.resolveIn(field.get().type(), field.get().owner());
        }
        if (f.getNameAsString().equals("NULL") && sh.types.shape(owner) == TypeShape.POINTER) {
          return owner;
        }
        if (f.getNameAsString().equals("INVALID_HANDLE_VALUE")) {
          return TypeRef.of(
              owner.name().startsWith(WellKnown.RUNTIME)
                  ? WellKnown.RUNTIME + "HANDLE"
                  : WellKnown.JNA_WIN32 + "WinNT.HANDLE");
        }
      }
      return TypeRef.UNKNOWN;
    }
    if (e instanceof MethodCallExpr call) {
      boolean staticScope = call.getScope().isPresent() && isTypeName(call.getScope().get());
      return target(call, staticScope, false).returnType();
    }
    if (e instanceof ObjectCreationExpr o) {
      return o.getAnonymousClassBody().isPresent() ? TypeRef.UNKNOWN : declaredType(o.getType());
    }
    if (e instanceof ArrayCreationExpr a) {
      TypeRef t = declaredType(a.getElementType());
      for (int i = 0; i < a.getLevels().size(); i++) {
        t = t.arrayOf();
      }
      return t;
    }
    if (e instanceof CastExpr c) {
      return declaredType(c.getType());
    }
    if (e instanceof ConditionalExpr c) {
      TypeRef t = typeOf(c.getThenExpr());
      return t.isUnknown() ? typeOf(c.getElseExpr()) : t;
    }
    if (e instanceof AssignExpr a) {
      return typeOf(a.getTarget());
    }
    if (e instanceof ArrayAccessExpr a) {
      return typeOf(a.getName()).component();
    }
    if (e instanceof UnaryExpr u) {
      if (u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
        return TypeRef.BOOLEAN;
      }
      return promote(typeOf(u.getExpression()), TypeRef.INT);
    }
    if (e instanceof BinaryExpr b) {
      return switch (b.getOperator()) {
        case EQUALS, NOT_EQUALS, LESS, GREATER, LESS_EQUALS, GREATER_EQUALS, AND, OR ->
            TypeRef.BOOLEAN;
        case LEFT_SHIFT, SIGNED_RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT ->
            promote(typeOf(b.getLeft()), TypeRef.INT);
        default -> {
          TypeRef l = typeOf(b.getLeft());
          TypeRef r = typeOf(b.getRight());
          if (b.getOperator() == BinaryExpr.Operator.PLUS
              && (l.equals(TypeRef.STRING) || r.equals(TypeRef.STRING))) {
            yield TypeRef.STRING;
          }
          if (l.equals(TypeRef.BOOLEAN) && r.equals(TypeRef.BOOLEAN)) {
            yield TypeRef.BOOLEAN;
          }
          yield promote(l, r);
        }
      };
    }
    return TypeRef.UNKNOWN;
  }

  /** Binary numeric promotion, for the integral types the analysis cares about. */
  private static TypeRef promote(TypeRef a, TypeRef b) {
    if (!a.isPrimitive() || !b.isPrimitive()) {
      return TypeRef.UNKNOWN;
    }
    for (String wide : List.of("double", "float", "long")) {
      if (a.name().equals(wide) || b.name().equals(wide)) {
        return TypeRef.of(wide);
      }
    }
    return TypeRef.INT;
  }

  /** Unused in javac's model, kept for symmetry: an enum's constants are static fields. */
  static boolean isEnum(ClassScope cls) {
    return cls.node instanceof EnumDeclaration;
  }
}
