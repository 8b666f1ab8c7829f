package io.github.overlapcheck.scanner.javaparser;

import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import java.util.List;
import java.util.Optional;

/**
 * What a classpath adds to name-and-shape matching: declarations resolved by JavaParser's symbol
 * solver. Every answer is optional: resolution can fail (a missing jar, an unsupported construct)
 * and the caller then falls back to names and shapes.
 */
interface Resolver {
  /** The declaration a call binds to: its declaring type, parameter types, and whether static. */
  record Method(
      String owner,
      List<TypeRef> parameters,
      boolean isStatic,
      TypeRef returnType,
      boolean throwsLastError) {}

  Optional<Method> method(MethodCallExpr call);

  /** The parameter types of the constructor an allocation calls. */
  Optional<List<TypeRef>> constructor(ObjectCreationExpr allocation);

  /** The value of a name or field access that denotes a constant declared outside the sources. */
  Optional<Object> constant(Expression nameOrFieldAccess);

  /** The static type of an expression. */
  Optional<TypeRef> type(Expression e);

  /** A type as declared in source. */
  Optional<TypeRef> declared(com.github.javaparser.ast.type.Type type);

  /** Whether a name or field access denotes a static field (Optional.empty when unknown). */
  Optional<Boolean> isStaticField(Expression nameOrFieldAccess);

  Resolver NONE =
      new Resolver() {
        @Override
        public Optional<Method> method(MethodCallExpr call) {
          return Optional.empty();
        }

        @Override
        public Optional<List<TypeRef>> constructor(ObjectCreationExpr allocation) {
          return Optional.empty();
        }

        @Override
        public Optional<Object> constant(Expression nameOrFieldAccess) {
          return Optional.empty();
        }

        @Override
        public Optional<TypeRef> type(Expression e) {
          return Optional.empty();
        }

        @Override
        public Optional<TypeRef> declared(com.github.javaparser.ast.type.Type type) {
          return Optional.empty();
        }

        @Override
        public Optional<Boolean> isStaticField(Expression nameOrFieldAccess) {
          return Optional.empty();
        }
      };
}
