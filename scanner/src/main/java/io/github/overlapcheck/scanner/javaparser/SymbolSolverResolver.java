package io.github.overlapcheck.scanner.javaparser;

import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.resolution.declarations.ResolvedConstructorDeclaration;
import com.github.javaparser.resolution.declarations.ResolvedFieldDeclaration;
import com.github.javaparser.resolution.declarations.ResolvedMethodDeclaration;
import com.github.javaparser.resolution.declarations.ResolvedReferenceTypeDeclaration;
import com.github.javaparser.resolution.declarations.ResolvedValueDeclaration;
import com.github.javaparser.resolution.types.ResolvedReferenceType;
import com.github.javaparser.resolution.types.ResolvedType;
import com.github.javaparser.symbolsolver.JavaSymbolSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.ClassLoaderTypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.CombinedTypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.JarTypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.JavaParserTypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.ReflectionTypeSolver;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javassist.ClassPool;
import javassist.CtClass;
import javassist.CtField;
import javassist.NotFoundException;

/**
 * Resolution with JavaParser's symbol solver over a classpath (jars, class directories, source
 * roots) and the JDK running the scanner. Every failure (an exception or a stack overflow inside
 * the solver) is caught and becomes "unknown"; the caller falls back to names and shapes. Resolved
 * types' supertypes are taught to {@link Types}, so that their shapes come out as javac's do.
 */
final class SymbolSolverResolver implements Resolver, AutoCloseable {
  private final JavaSymbolSolver solver;
  private final ClassPool constants;
  private final Types types;
  private final List<URLClassLoader> loaders = new ArrayList<>();
  private final Map<String, Optional<Object>> constantCache = new HashMap<>();

  /**
   * @param classpath jars, class directories and source roots
   * @param sourceRoots the package roots of the scanned files, resolved as sources
   * @param warn told once about each classpath entry that cannot be used
   */
  SymbolSolverResolver(
      List<Path> classpath,
      List<Path> sourceRoots,
      ParserConfiguration parsing,
      Types types,
      Consumer<String> warn) {
    this.types = types;
    CombinedTypeSolver combined = new CombinedTypeSolver();
    combined.add(new ReflectionTypeSolver(true));
    constants = new ClassPool(true);
    for (Path root : sourceRoots) {
      combined.add(new JavaParserTypeSolver(root, copy(parsing)));
    }
    for (Path entry : classpath) {
      try {
        if (Files.isDirectory(entry)) {
          combined.add(new JavaParserTypeSolver(entry, copy(parsing)));
          URLClassLoader loader =
              new URLClassLoader(
                  new URL[] {entry.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
          loaders.add(loader);
          combined.add(new ClassLoaderTypeSolver(loader));
          constants.appendClassPath(entry.toString());
        } else if (Files.isRegularFile(entry)) {
          combined.add(new JarTypeSolver(entry));
          constants.appendClassPath(entry.toString());
        } else {
          warn.accept("classpath entry " + entry + " does not exist; ignored");
        }
      } catch (IOException | NotFoundException | RuntimeException e) {
        warn.accept("classpath entry " + entry + " cannot be read (" + e + "); ignored");
      }
    }
    solver = new JavaSymbolSolver(combined);
  }

  private static ParserConfiguration copy(ParserConfiguration p) {
    return new ParserConfiguration()
        .setLanguageLevel(p.getLanguageLevel())
        .setAttributeComments(false)
        .setStoreTokens(false);
  }

  /** Set on the parser of the scanned files, so that their nodes resolve. */
  JavaSymbolSolver solver() {
    return solver;
  }

  @Override
  public Optional<Method> method(MethodCallExpr call) {
    return guarded(
        () -> {
          ResolvedMethodDeclaration m = call.resolve();
          List<TypeRef> params = new ArrayList<>();
          for (int i = 0; i < m.getNumberOfParams(); i++) {
            params.add(typeRef(m.getParam(i).getType()));
          }
          TypeRef returned;
          try {
            returned = typeRef(m.getReturnType());
          } catch (RuntimeException e) {
            returned = TypeRef.UNKNOWN;
          }
          boolean lastError;
          try {
            lastError =
                m.getSpecifiedExceptions().stream()
                    .anyMatch(t -> WellKnown.isLastErrorException(t.describe()));
          } catch (RuntimeException e) {
            lastError = false;
          }
          return new Method(
              m.declaringType().getQualifiedName(), params, m.isStatic(), returned, lastError);
        });
  }

  @Override
  public Optional<List<TypeRef>> constructor(ObjectCreationExpr allocation) {
    return guarded(
        () -> {
          ResolvedConstructorDeclaration c = allocation.resolve();
          List<TypeRef> params = new ArrayList<>();
          for (int i = 0; i < c.getNumberOfParams(); i++) {
            params.add(typeRef(c.getParam(i).getType()));
          }
          return params;
        });
  }

  @Override
  public Optional<TypeRef> type(Expression e) {
    return guarded(() -> typeRef(e.calculateResolvedType()));
  }

  @Override
  public Optional<TypeRef> declared(com.github.javaparser.ast.type.Type type) {
    return guarded(() -> typeRef(type.resolve()));
  }

  @Override
  public Optional<Boolean> isStaticField(Expression e) {
    return field(e).map(ResolvedFieldDeclaration::isStatic);
  }

  private Optional<ResolvedFieldDeclaration> field(Expression e) {
    return guarded(
        () -> {
          ResolvedValueDeclaration v;
          if (e instanceof NameExpr n) {
            v = n.resolve();
          } else if (e instanceof FieldAccessExpr f) {
            v = f.resolve();
          } else {
            return null;
          }
          return v.isField() ? v.asField() : null;
        });
  }

  @Override
  public Optional<Object> constant(Expression e) {
    Optional<ResolvedFieldDeclaration> f = field(e);
    if (f.isEmpty() || f.get().toAst().isPresent()) {
      // Declared in source: the caller evaluates the initializer itself.
      return Optional.empty();
    }
    Optional<String> owner = guarded(() -> f.get().declaringType().getQualifiedName());
    if (owner.isEmpty()) {
      return Optional.empty();
    }
    String key = owner.get() + "#" + f.get().getName();
    return constantCache.computeIfAbsent(
        key, k -> classFileConstant(owner.get(), f.get().getName()));
  }

  /** A static final field's ConstantValue, read from the class file (no class is initialized). */
  private Optional<Object> classFileConstant(String owner, String field) {
    String name = owner;
    while (true) {
      try {
        CtClass c = constants.get(name);
        CtField f = c.getDeclaredField(field);
        return Optional.ofNullable(f.getConstantValue());
      } catch (NotFoundException | RuntimeException e) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
          return Optional.empty();
        }
        name = name.substring(0, dot) + "$" + name.substring(dot + 1);
      }
    }
  }

  private TypeRef typeRef(ResolvedType t) {
    if (t.isPrimitive()) {
      return TypeRef.of(t.asPrimitive().describe());
    }
    if (t.isArray()) {
      return typeRef(t.asArrayType().getComponentType()).arrayOf();
    }
    if (t.isReferenceType()) {
      ResolvedReferenceType r = t.asReferenceType();
      String q = r.getQualifiedName();
      learn(q, r.getTypeDeclaration());
      return TypeRef.of(q);
    }
    if (t.isTypeVariable() || t.isWildcard()) {
      return TypeRef.of("java.lang.Object");
    }
    return TypeRef.UNKNOWN;
  }

  /** Teaches {@link Types} a resolved type's supertypes (superclass first), transitively. */
  private void learn(String q, Optional<ResolvedReferenceTypeDeclaration> decl) {
    if (decl.isEmpty() || types.knows(q)) {
      return;
    }
    List<String> supers = new ArrayList<>();
    types.learn(q, supers);
    try {
      ResolvedReferenceTypeDeclaration d = decl.get();
      if (d.isClass()) {
        d.asClass()
            .getSuperClass()
            .ifPresent(
                s -> {
                  supers.add(s.getQualifiedName());
                  learn(s.getQualifiedName(), s.getTypeDeclaration());
                });
      }
      for (ResolvedReferenceType a : d.getAncestors(true)) {
        if (!supers.contains(a.getQualifiedName())) {
          supers.add(a.getQualifiedName());
          learn(a.getQualifiedName(), a.getTypeDeclaration());
        }
      }
    } catch (RuntimeException | StackOverflowError e) {
      // What could be resolved is kept.
    }
    types.learn(q, supers);
  }

  private interface Step<T> {
    T get();
  }

  private static <T> Optional<T> guarded(Step<T> step) {
    try {
      return Optional.ofNullable(step.get());
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    for (URLClassLoader l : loaders) {
      try {
        l.close();
      } catch (IOException e) {
        // Nothing to do about it.
      }
    }
  }

  static URL url(Path p) throws MalformedURLException {
    return p.toUri().toURL();
  }
}
