package io.github.overlapcheck.scanner.javaparser;

import com.github.javaparser.GeneratedJavaParserConstants;
import com.github.javaparser.JavaParser;
import com.github.javaparser.JavaToken;
import com.github.javaparser.Position;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.stmt.BlockStmt;
import io.github.overlapcheck.analysis.Analysis;
import io.github.overlapcheck.analysis.ClassFacts;
import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.api.ApiModel;
import io.github.overlapcheck.api.Win32Function;
import io.github.overlapcheck.ir.ClassModel;
import io.github.overlapcheck.ir.MethodModel;
import io.github.overlapcheck.report.Fingerprints;
import io.github.overlapcheck.rules.Rules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Analyses one parsed file as the plugin analyses a compilation unit: each method that calls a
 * modelled Win32 function (by name, or through a same-class helper that does) is lowered with its
 * class and analysed once for all rules. An internal error in one method costs that method's
 * findings, never the run.
 */
public final class FrontEnd {
  /** With this system property set, internal errors propagate (for the project's own tests). */
  public static final String DEBUG_PROPERTY = "overlapcheck.debug";

  /** A finding at a place in the file, with its fingerprint. */
  public record Located(String rule, int line, int column, String message, String fingerprint) {}

  private final Types types;
  private final Resolver resolver;
  private final ApiModel api;
  private final JavaParser expressionParser;

  FrontEnd(Types types, Resolver resolver, ApiModel api, JavaParser expressionParser) {
    this.types = types;
    this.resolver = resolver;
    this.api = api;
    this.expressionParser = expressionParser;
  }

  /** The findings in a file named {@code fileName}, in source order of their methods. */
  // The method's model is found by its node: identity is the point.
  @SuppressWarnings("ReferenceEquality")
  public List<Located> analyze(CompilationUnit cu, String fileName) {
    FileContext ctx = new FileContext(cu);
    IdentityHashMap<Node, Lowering.Shared> shared = new IdentityHashMap<>();
    IdentityHashMap<Node, ClassModel> models = new IdentityHashMap<>();
    IdentityHashMap<Node, ClassFacts> facts = new IdentityHashMap<>();
    IdentityHashMap<Node, Set<String>> helpers = new IdentityHashMap<>();
    IdentityHashMap<Node, Boolean> mayFind = new IdentityHashMap<>();
    List<Located> out = new ArrayList<>();
    for (CallableDeclaration<?> m : callables(cu)) {
      Optional<BlockStmt> body = body(m);
      if (body.isEmpty()) {
        continue;
      }
      Optional<Node> clsNode = ClassScope.enclosingClassNode(m);
      if (clsNode.isEmpty()) {
        continue;
      }
      Set<String> classHelpers = helpers.computeIfAbsent(clsNode.get(), FrontEnd::helpersOf);
      if (!mentionsModelledFunction(body.get(), classHelpers)) {
        continue;
      }
      if (!mayFind.computeIfAbsent(clsNode.get(), FrontEnd::mayFind)) {
        // The class starts no I/O: no rule has anything to report in it.
        continue;
      }
      List<Finding> findings;
      try {
        Lowering.Shared sh =
            shared.computeIfAbsent(
                clsNode.get(),
                n ->
                    new Lowering.Shared(
                        types, resolver, api, ctx, ClassScope.of(n, types, ctx), expressionParser));
        ClassModel model = models.computeIfAbsent(clsNode.get(), n -> Lowering.type(sh));
        ClassFacts classFacts =
            facts.computeIfAbsent(clsNode.get(), n -> Analysis.classFacts(model));
        MethodModel method =
            model.methods().stream()
                .filter(mm -> mm.origin() == m)
                .findFirst()
                .orElseGet(() -> Lowering.method(m, sh));
        findings = Analysis.analyze(method, model, classFacts, Rules.ALL);
      } catch (RuntimeException | StackOverflowError e) {
        // An unexpected tree shape or a bug in the analysis must never stop the scan.
        if (Boolean.getBoolean(DEBUG_PROPERTY)) {
          throw e;
        }
        findings = List.of();
      }
      if (findings.isEmpty()) {
        continue;
      }
      List<Fingerprints.Located> located = new ArrayList<>();
      List<Position> positions = new ArrayList<>();
      for (Finding f : findings) {
        Position p = f.origin() instanceof Node n ? position(n) : new Position(0, 0);
        positions.add(p);
        located.add(new Fingerprints.Located(f.rule(), f.message(), p.line, p.column));
      }
      List<String> prints = Fingerprints.of(site(cu, fileName, m), located);
      Set<String> suppressed = suppressedRules(m);
      for (int i = 0; i < findings.size(); i++) {
        if (suppressed.contains(findings.get(i).rule()) || suppressed.contains("all")) {
          continue;
        }
        out.add(
            new Located(
                findings.get(i).rule(),
                positions.get(i).line,
                positions.get(i).column,
                findings.get(i).message(),
                prints.get(i)));
      }
    }
    return out;
  }

  /**
   * The rules {@code @SuppressWarnings} turns off for a method, as Error Prone decides it for a
   * check that matches the method: the names on the method and on every declaration around it (its
   * classes, and the method or field a local or anonymous class is in); {@code "all"} suppresses
   * every rule, as it does every Error Prone check. Fingerprints are computed before, over all
   * findings, as the plugin does, so a baseline is the same either way.
   */
  static Set<String> suppressedRules(Node declaration) {
    Set<String> names = new HashSet<>();
    for (Node n = declaration; n != null; n = n.getParentNode().orElse(null)) {
      if (n instanceof NodeWithAnnotations<?> annotated) {
        for (AnnotationExpr a : annotated.getAnnotations()) {
          String name = a.getNameAsString();
          if (!name.equals("SuppressWarnings") && !name.equals("java.lang.SuppressWarnings")) {
            continue;
          }
          Optional<Expression> value =
              a instanceof SingleMemberAnnotationExpr single
                  ? Optional.of(single.getMemberValue())
                  : a instanceof NormalAnnotationExpr normal
                      ? normal.getPairs().stream()
                          .filter(p -> p.getNameAsString().equals("value"))
                          .map(MemberValuePair::getValue)
                          .findFirst()
                      : Optional.empty();
          value.ifPresent(v -> addStrings(v, names));
        }
      }
    }
    return names;
  }

  private static void addStrings(Expression value, Set<String> names) {
    if (value instanceof StringLiteralExpr s) {
      names.add(s.asString());
    } else if (value instanceof ArrayInitializerExpr array) {
      array.getValues().forEach(v -> addStrings(v, names));
    }
  }

  /** Every method and constructor, in source order (pre-order, as javac's scanner visits them). */
  private static List<CallableDeclaration<?>> callables(CompilationUnit cu) {
    List<CallableDeclaration<?>> out = new ArrayList<>();
    cu.walk(
        com.github.javaparser.ast.Node.TreeTraversal.PREORDER,
        n -> {
          if (n instanceof MethodDeclaration || n instanceof ConstructorDeclaration) {
            out.add((CallableDeclaration<?>) n);
          }
        });
    return out;
  }

  private static Optional<BlockStmt> body(CallableDeclaration<?> m) {
    if (m instanceof MethodDeclaration md) {
      return md.getBody();
    }
    return Optional.of(((ConstructorDeclaration) m).getBody());
  }

  /** Names of the class's methods that call a modelled function themselves (cheap, by name). */
  private static Set<String> helpersOf(Node cls) {
    Set<String> names = new HashSet<>();
    for (Node member : members(cls)) {
      if (member instanceof CallableDeclaration<?> m) {
        Optional<BlockStmt> body = body(m);
        if (body.isPresent() && mentionsModelledFunction(body.get(), Set.of())) {
          names.add(m instanceof ConstructorDeclaration ? "<init>" : m.getNameAsString());
        }
      }
    }
    return names;
  }

  /**
   * Whether a rule may find anything in the class ({@link Analysis#mayFind}), from every name
   * called in it: its members, enum constants, nested classes and lambdas included.
   */
  private static boolean mayFind(Node cls) {
    Set<String> names = new HashSet<>();
    cls.findAll(MethodCallExpr.class).forEach(c -> names.add(c.getNameAsString()));
    return Analysis.mayFind(names, Rules.ALL);
  }

  private static List<? extends Node> members(Node cls) {
    if (cls instanceof TypeDeclaration<?> t) {
      return t.getMembers();
    }
    if (cls instanceof ObjectCreationExpr o) {
      return o.getAnonymousClassBody().orElseThrow();
    }
    if (cls instanceof com.github.javaparser.ast.body.EnumConstantDeclaration e) {
      return e.getClassBody();
    }
    return List.of();
  }

  /**
   * The cheap filter: does the code call anything named like a modelled Win32 function, or one of
   * the class's methods that does? Nested classes are not looked into; lambdas are.
   */
  static boolean mentionsModelledFunction(Node body, Set<String> helpers) {
    boolean[] found = {false};
    Lowering.scanOwn(
        body,
        n -> {
          if (n instanceof MethodCallExpr call) {
            String name = call.getNameAsString();
            if (Win32Function.isCandidateName(name) || helpers.contains(name)) {
              found[0] = true;
            }
          }
        });
    return found[0];
  }

  /** The fingerprint site of a method: its file below the package root, classes, and name. */
  private static Fingerprints.Site site(
      CompilationUnit cu, String fileName, CallableDeclaration<?> m) {
    String pkg = cu.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
    List<String> classes = new ArrayList<>();
    Optional<Node> p = m.getParentNode();
    while (p.isPresent()) {
      Node n = p.get();
      if (n instanceof TypeDeclaration<?> t) {
        classes.add(0, t.getNameAsString());
      } else if (ClassScope.isClass(n)) {
        classes.add(0, "");
      }
      p = n.getParentNode();
    }
    String name = m instanceof ConstructorDeclaration ? "<init>" : m.getNameAsString();
    return new Fingerprints.Site(
        Fingerprints.file(pkg, fileName),
        Fingerprints.enclosingClass(classes),
        Fingerprints.method(name, m.getParameters().size()));
  }

  /**
   * Where javac reports a node: a call at its opening parenthesis, an array access at its bracket,
   * anything else at its start.
   */
  static Position position(Node n) {
    try {
      if (n instanceof MethodCallExpr call) {
        Optional<Position> paren = tokenAfter(call.getName(), GeneratedJavaParserConstants.LPAREN);
        if (paren.isPresent()) {
          return paren.get();
        }
      } else if (n instanceof ArrayAccessExpr a) {
        Optional<Position> bracket = tokenAfter(a.getName(), GeneratedJavaParserConstants.LBRACKET);
        if (bracket.isPresent()) {
          return bracket.get();
        }
      }
    } catch (RuntimeException e) {
      // No tokens: the node's start will do.
    }
    return n.getBegin().orElse(new Position(0, 0));
  }

  private static Optional<Position> tokenAfter(Node before, int kind) {
    if (before.getTokenRange().isEmpty()) {
      return Optional.empty();
    }
    JavaToken t = before.getTokenRange().get().getEnd();
    for (int i = 0; i < 10_000; i++) {
      Optional<JavaToken> next = t.getNextToken();
      if (next.isEmpty()) {
        return Optional.empty();
      }
      t = next.get();
      if (t.getKind() == kind) {
        return t.getRange().map(r -> r.begin);
      }
      if (t.getCategory() != JavaToken.Category.WHITESPACE_NO_EOL
          && t.getCategory() != JavaToken.Category.EOL
          && t.getCategory() != JavaToken.Category.COMMENT) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  static boolean isMember(BodyDeclaration<?> d) {
    return d.getParentNode().map(ClassScope::isClass).orElse(false);
  }
}
