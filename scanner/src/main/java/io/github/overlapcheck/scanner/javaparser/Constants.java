package io.github.overlapcheck.scanner.javaparser;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
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
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import io.github.overlapcheck.api.Win32Constant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compile-time constants, as javac computes them: literals, constant variables (final, of a
 * primitive type or String, with a constant initializer) reached by simple name or through their
 * type, and the operators, casts and conditionals over them. Constants declared outside the sources
 * come from the classpath when there is one, else from the Win32 names the API model knows.
 */
final class Constants {
  /** A name found, with its value when it is a constant. */
  record Known(Optional<Object> constant) {}

  /** Where names are looked up: the method's locals and class, or nothing but the file. */
  interface Env {
    /** A local in scope by that name, with its constant value if it has one. */
    Optional<Known> local(String name);

    /** A name known not to be a constant field (a captured local). */
    Optional<Known> field(String name);

    FileContext context();

    /** The class the expression is in (null: none, for an initializer read from the index). */
    ClassScope cls();
  }

  private final Types types;
  private final Resolver resolver;
  private final JavaParser parser;
  private final Set<String> inProgress = new HashSet<>();
  private final Map<String, Optional<Object>> indexed = new HashMap<>();

  Constants(Types types, Resolver resolver, JavaParser parser) {
    this.types = types;
    this.resolver = resolver;
    this.parser = parser;
  }

  static Optional<Object> literal(LiteralExpr lit) {
    try {
      if (lit instanceof IntegerLiteralExpr i) {
        return Optional.of(i.asNumber());
      }
      if (lit instanceof LongLiteralExpr l) {
        return Optional.of(l.asNumber());
      }
      if (lit instanceof CharLiteralExpr c) {
        return Optional.of(c.asChar());
      }
      if (lit instanceof BooleanLiteralExpr b) {
        return Optional.of(b.getValue());
      }
      if (lit instanceof StringLiteralExpr s) {
        return Optional.of(s.asString());
      }
      if (lit instanceof TextBlockLiteralExpr t) {
        return Optional.of(t.asString());
      }
      if (lit instanceof DoubleLiteralExpr d) {
        String v = d.getValue().toLowerCase(Locale.ROOT);
        return v.endsWith("f") ? Optional.of((float) d.asDouble()) : Optional.of(d.asDouble());
      }
    } catch (RuntimeException e) {
      // A literal JavaParser cannot read (out of range): not a constant.
    }
    return Optional.empty();
  }

  Optional<Object> value(Expression e, Env env) {
    if (e instanceof EnclosedExpr p) {
      return value(p.getInner(), env);
    }
    if (e instanceof LiteralExpr lit) {
      return literal(lit);
    }
    if (e instanceof NameExpr n) {
      return name(n, env);
    }
    if (e instanceof FieldAccessExpr f) {
      return fieldAccess(f, env);
    }
    if (e instanceof UnaryExpr u) {
      return value(u.getExpression(), env).flatMap(v -> unary(u.getOperator(), v));
    }
    if (e instanceof BinaryExpr b) {
      Optional<Object> l = value(b.getLeft(), env);
      if (l.isEmpty()) {
        return Optional.empty();
      }
      Optional<Object> r = value(b.getRight(), env);
      return r.flatMap(rv -> binary(b.getOperator(), l.get(), rv));
    }
    if (e instanceof CastExpr c) {
      String to = SourceIndex.typeText(c.getType());
      Optional<Object> v = value(c.getExpression(), env);
      if (v.isEmpty()) {
        return v;
      }
      if (TypeRef.primitiveName(to) && !(v.get() instanceof String)) {
        return Optional.ofNullable(convert(v.get(), TypeRef.of(to)));
      }
      if ((to.equals("String") || to.equals("java.lang.String")) && v.get() instanceof String) {
        return v;
      }
      return Optional.empty();
    }
    if (e instanceof ConditionalExpr c) {
      Optional<Object> cond = value(c.getCondition(), env);
      Optional<Object> a = value(c.getThenExpr(), env);
      Optional<Object> b = value(c.getElseExpr(), env);
      if (cond.isEmpty() || a.isEmpty() || b.isEmpty() || !(cond.get() instanceof Boolean t)) {
        return Optional.empty();
      }
      Object chosen = t ? a.get() : b.get();
      if (isNumeric(a.get()) && isNumeric(b.get()) && !sameKind(a.get(), b.get())) {
        return Optional.ofNullable(convert(chosen, TypeRef.of(promoted(a.get(), b.get()))));
      }
      return Optional.of(chosen);
    }
    return Optional.empty();
  }

  private Optional<Object> name(NameExpr n, Env env) {
    String name = n.getNameAsString();
    Optional<Known> local = env.local(name);
    if (local.isPresent()) {
      return local.get().constant();
    }
    Optional<Known> notConstant = env.field(name);
    if (notConstant.isPresent()) {
      return notConstant.get().constant();
    }
    for (ClassScope c = env.cls(); c != null; c = c.outer.orElse(null)) {
      Optional<VariableDeclarator> v = c.declaredField(name);
      if (v.isPresent()) {
        return declared(v.get(), env.context(), c);
      }
      for (String s : c.supertypes) {
        Optional<SourceIndex.FieldInfo> f = types.field(s, name);
        if (f.isPresent()) {
          return indexed(f.get());
        }
      }
    }
    String imported = env.context().staticMembers.get(name);
    if (imported != null) {
      return ofType(imported, name, Optional.of(n));
    }
    for (String owner : env.context().staticOnDemand) {
      Optional<SourceIndex.FieldInfo> f = types.field(owner, name);
      if (f.isPresent()) {
        return indexed(f.get());
      }
    }
    Optional<Object> solved = resolver.constant(n);
    if (solved.isPresent()) {
      return solved;
    }
    return win32(name);
  }

  private Optional<Object> fieldAccess(FieldAccessExpr f, Env env) {
    String scope = f.getScope().toString();
    Optional<String> head = firstSegment(f.getScope());
    if (head.isEmpty()) {
      return Optional.empty();
    }
    // Only Type.NAME (or package.Type.NAME) is a constant; a local or field in front is not.
    if (env.local(head.get()).isPresent() || env.field(head.get()).isPresent()) {
      return Optional.empty();
    }
    if (env.cls() != null && isVariable(head.get(), env.cls())) {
      return Optional.empty();
    }
    if (!Character.isUpperCase(lastSegment(scope).charAt(0))) {
      return Optional.empty();
    }
    Optional<String> enclosing =
        env.cls() == null || env.cls().qualifiedName.isEmpty()
            ? Optional.empty()
            : Optional.of(env.cls().qualifiedName);
    String owner = types.qualify(scope, env.context(), enclosing).orElse(scope);
    return ofType(owner, f.getNameAsString(), Optional.of(f));
  }

  private static boolean isVariable(String name, ClassScope cls) {
    for (ClassScope c = cls; c != null; c = c.outer.orElse(null)) {
      if (c.declaredField(name).isPresent() || c.capturedLocals.contains(name)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<String> firstSegment(Expression e) {
    Expression head = e;
    while (head instanceof FieldAccessExpr x) {
      head = x.getScope();
    }
    return head instanceof NameExpr n ? Optional.of(n.getNameAsString()) : Optional.empty();
  }

  private static String lastSegment(String dotted) {
    return dotted.substring(dotted.lastIndexOf('.') + 1);
  }

  /** A static constant of a type: from the sources, the classpath, or the Win32 names. */
  private Optional<Object> ofType(String owner, String name, Optional<Expression> node) {
    Optional<SourceIndex.FieldInfo> f = types.field(owner, name);
    if (f.isPresent()) {
      return indexed(f.get());
    }
    if (node.isPresent()) {
      Optional<Object> solved = resolver.constant(node.get());
      if (solved.isPresent()) {
        return solved;
      }
    }
    if (types.index().type(owner).isPresent()) {
      return Optional.empty();
    }
    return win32(name);
  }

  private static Optional<Object> win32(String name) {
    Optional<Win32Constant> known = Win32Constant.byName(name);
    if (known.isPresent()) {
      return Optional.of((int) known.get().value());
    }
    Long more = WellKnown.WIN32_CONSTANTS.get(name);
    return more == null ? Optional.empty() : Optional.of((int) (long) more);
  }

  /** A field declared in the file being lowered. */
  private Optional<Object> declared(VariableDeclarator v, FileContext ctx, ClassScope cls) {
    if (!(v.getParentNode().orElse(null) instanceof FieldDeclaration f)) {
      return Optional.empty();
    }
    boolean isFinal = f.isFinal() || cls.isInterface;
    TypeRef type = TypeRef.of(SourceIndex.typeText(v.getType()));
    boolean constantType =
        type.isPrimitive()
            || type.name().equals("String")
            || type.name().equals("java.lang.String");
    if (!isFinal || !constantType || v.getInitializer().isEmpty()) {
      return Optional.empty();
    }
    String key = "ast:" + System.identityHashCode(v);
    if (!inProgress.add(key)) {
      return Optional.empty();
    }
    try {
      Env fieldEnv = fileEnv(ctx, cls);
      return value(v.getInitializer().get(), fieldEnv).map(c -> convert(c, type));
    } finally {
      inProgress.remove(key);
    }
  }

  /** A field from the index: its initializer is parsed again and evaluated in its own file. */
  private Optional<Object> indexed(SourceIndex.FieldInfo f) {
    if (!f.isFinal() || f.constantInitializer().isEmpty()) {
      return Optional.empty();
    }
    String key = f.owner().qualifiedName + "#" + f.name();
    Optional<Object> known = indexed.get(key);
    if (known != null) {
      return known;
    }
    if (!inProgress.add(key)) {
      return Optional.empty();
    }
    try {
      ParseResult<Expression> parsed = parser.parseExpression(f.constantInitializer().get());
      Optional<Object> v = Optional.empty();
      if (parsed.getResult().isPresent()) {
        TypeRef type = TypeRef.of(f.type());
        v =
            value(parsed.getResult().get(), indexEnv(f.owner()))
                .map(c -> type.isPrimitive() ? convert(c, type) : c);
      }
      indexed.put(key, v);
      return v;
    } finally {
      inProgress.remove(key);
    }
  }

  private static Env fileEnv(FileContext ctx, ClassScope cls) {
    return new Env() {
      @Override
      public Optional<Known> local(String name) {
        return Optional.empty();
      }

      @Override
      public Optional<Known> field(String name) {
        return Optional.empty();
      }

      @Override
      public FileContext context() {
        return ctx;
      }

      @Override
      public ClassScope cls() {
        return cls;
      }
    };
  }

  /** Names in an indexed initializer: the owner's fields and supertypes, then its file. */
  private Env indexEnv(SourceIndex.TypeInfo owner) {
    Constants self = this;
    return new Env() {
      @Override
      public Optional<Known> local(String name) {
        for (Optional<String> t = Optional.of(owner.qualifiedName);
            t.isPresent();
            t = types.index().type(t.get()).flatMap(i -> i.enclosing)) {
          Optional<SourceIndex.FieldInfo> f = types.field(t.get(), name);
          if (f.isPresent()) {
            return Optional.of(new Known(self.indexed(f.get())));
          }
        }
        return Optional.empty();
      }

      @Override
      public Optional<Known> field(String name) {
        return Optional.empty();
      }

      @Override
      public FileContext context() {
        return owner.context;
      }

      @Override
      public ClassScope cls() {
        return null;
      }
    };
  }

  // -------------------------------------------------------------------------------------------
  // Folding, with Java's rules for the types of constants

  private static boolean isNumeric(Object v) {
    return v instanceof Number || v instanceof Character;
  }

  private static boolean sameKind(Object a, Object b) {
    return a.getClass().equals(b.getClass());
  }

  /** The promoted type of two numeric operands. */
  private static String promoted(Object a, Object b) {
    if (a instanceof Double || b instanceof Double) {
      return "double";
    }
    if (a instanceof Float || b instanceof Float) {
      return "float";
    }
    if (a instanceof Long || b instanceof Long) {
      return "long";
    }
    return "int";
  }

  private static long asLong(Object v) {
    return v instanceof Character c ? c : ((Number) v).longValue();
  }

  private static double asDouble(Object v) {
    return v instanceof Character c ? c : ((Number) v).doubleValue();
  }

  /** A constant converted to a primitive type (assignment or cast conversion). */
  static Object convert(Object v, TypeRef type) {
    if (!type.isPrimitive()) {
      return v;
    }
    if (v instanceof Boolean) {
      return type.name().equals("boolean") ? v : null;
    }
    if (!isNumeric(v)) {
      return null;
    }
    return switch (type.name()) {
      case "int" ->
          (int) (v instanceof Double || v instanceof Float ? (long) asDouble(v) : asLong(v));
      case "long" -> v instanceof Double || v instanceof Float ? (long) asDouble(v) : asLong(v);
      case "short" -> (short) asLong(v);
      case "byte" -> (byte) asLong(v);
      case "char" -> (char) asLong(v);
      case "float" -> (float) asDouble(v);
      case "double" -> asDouble(v);
      default -> null;
    };
  }

  private static Optional<Object> unary(UnaryExpr.Operator op, Object v) {
    return switch (op) {
      case LOGICAL_COMPLEMENT -> v instanceof Boolean b ? Optional.of(!b) : Optional.empty();
      case PLUS ->
          isNumeric(v)
              ? Optional.ofNullable(convert(v, TypeRef.of(promoted(v, 0))))
              : Optional.empty();
      case MINUS -> {
        if (!isNumeric(v)) {
          yield Optional.empty();
        }
        yield switch (promoted(v, 0)) {
          case "double" -> Optional.of(-asDouble(v));
          case "float" -> Optional.of(-(float) asDouble(v));
          case "long" -> Optional.of(-asLong(v));
          default -> Optional.of(-(int) asLong(v));
        };
      }
      case BITWISE_COMPLEMENT -> {
        if (v instanceof Long l) {
          yield Optional.of(~l);
        }
        yield isNumeric(v) && !(v instanceof Double) && !(v instanceof Float)
            ? Optional.of(~(int) asLong(v))
            : Optional.empty();
      }
      default -> Optional.empty();
    };
  }

  private static Optional<Object> binary(BinaryExpr.Operator op, Object l, Object r) {
    if (op == BinaryExpr.Operator.PLUS && (l instanceof String || r instanceof String)) {
      return Optional.of(string(l) + string(r));
    }
    if (l instanceof Boolean a && r instanceof Boolean b) {
      return switch (op) {
        case AND, BINARY_AND -> Optional.of(a && b);
        case OR, BINARY_OR -> Optional.of(a || b);
        case XOR, NOT_EQUALS -> Optional.of(a ^ b);
        case EQUALS -> Optional.of(a.booleanValue() == b.booleanValue());
        default -> Optional.empty();
      };
    }
    if (!isNumeric(l) || !isNumeric(r)) {
      return Optional.empty();
    }
    switch (op) {
      case LEFT_SHIFT, SIGNED_RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT -> {
        if (l instanceof Double
            || l instanceof Float
            || r instanceof Double
            || r instanceof Float) {
          return Optional.empty();
        }
        long distance = asLong(r);
        if (l instanceof Long) {
          long a = asLong(l);
          return Optional.of(
              switch (op) {
                case LEFT_SHIFT -> a << distance;
                case SIGNED_RIGHT_SHIFT -> a >> distance;
                default -> a >>> distance;
              });
        }
        int a = (int) asLong(l);
        return Optional.of(
            switch (op) {
              case LEFT_SHIFT -> a << distance;
              case SIGNED_RIGHT_SHIFT -> a >> distance;
              default -> a >>> distance;
            });
      }
      default -> {}
    }
    String type = promoted(l, r);
    if (type.equals("double") || type.equals("float")) {
      double a = asDouble(l);
      double b = asDouble(r);
      Optional<Object> cmp = compare(op, Double.compare(a, b), a == b);
      if (cmp.isPresent()) {
        return cmp;
      }
      double v;
      switch (op) {
        case PLUS -> v = a + b;
        case MINUS -> v = a - b;
        case MULTIPLY -> v = a * b;
        case DIVIDE -> v = a / b;
        case REMAINDER -> v = a % b;
        default -> {
          return Optional.empty();
        }
      }
      return Optional.of(type.equals("float") ? (Object) (float) v : (Object) v);
    }
    long a = asLong(l);
    long b = asLong(r);
    Optional<Object> cmp = compare(op, Long.compare(a, b), a == b);
    if (cmp.isPresent()) {
      return cmp;
    }
    long v;
    switch (op) {
      case PLUS -> v = a + b;
      case MINUS -> v = a - b;
      case MULTIPLY -> v = a * b;
      case DIVIDE -> {
        if (b == 0) {
          return Optional.empty();
        }
        v = type.equals("long") ? a / b : (int) a / (int) b;
      }
      case REMAINDER -> {
        if (b == 0) {
          return Optional.empty();
        }
        v = type.equals("long") ? a % b : (int) a % (int) b;
      }
      case BINARY_AND -> v = a & b;
      case BINARY_OR -> v = a | b;
      case XOR -> v = a ^ b;
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(type.equals("long") ? (Object) v : (Object) (int) v);
  }

  private static Optional<Object> compare(BinaryExpr.Operator op, int c, boolean equal) {
    return switch (op) {
      case EQUALS -> Optional.of(equal);
      case NOT_EQUALS -> Optional.of(!equal);
      case LESS -> Optional.of(c < 0);
      case GREATER -> Optional.of(c > 0);
      case LESS_EQUALS -> Optional.of(c <= 0);
      case GREATER_EQUALS -> Optional.of(c >= 0);
      default -> Optional.empty();
    };
  }

  private static String string(Object v) {
    return String.valueOf(v);
  }
}
