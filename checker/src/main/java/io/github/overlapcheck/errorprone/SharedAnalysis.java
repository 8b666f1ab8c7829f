package io.github.overlapcheck.errorprone;

import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.util.Context;
import io.github.overlapcheck.analysis.Analysis;
import io.github.overlapcheck.analysis.ClassFacts;
import io.github.overlapcheck.analysis.Finding;
import io.github.overlapcheck.api.Win32Function;
import io.github.overlapcheck.ir.ClassModel;
import io.github.overlapcheck.ir.MethodModel;
import io.github.overlapcheck.report.Fingerprints;
import io.github.overlapcheck.rules.Rules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The analysis shared by every overlapcheck check in one compilation: each method is analysed at
 * most once, for all rules, and only if it calls a modelled Win32 function. Lives in the javac
 * context, so nothing is shared between compilations.
 */
final class SharedAnalysis {
  private static final Context.Key<SharedAnalysis> KEY = new Context.Key<>();

  /** With this system property set, internal errors propagate (for the project's own tests). */
  static final String DEBUG_PROPERTY = "overlapcheck.debug";

  private CompilationUnitTree unit;
  private final IdentityHashMap<MethodTree, List<Finding>> findings = new IdentityHashMap<>();
  private final IdentityHashMap<ClassTree, ClassModel> classModels = new IdentityHashMap<>();
  private final IdentityHashMap<ClassTree, ClassFacts> classFacts = new IdentityHashMap<>();
  private final IdentityHashMap<ClassTree, ClassScan> scans = new IdentityHashMap<>();
  private final IdentityHashMap<MethodTree, List<String>> fingerprints = new IdentityHashMap<>();

  static SharedAnalysis instance(VisitorState state) {
    SharedAnalysis shared = state.context.get(KEY);
    if (shared == null) {
      shared = new SharedAnalysis();
      state.context.put(KEY, shared);
    }
    return shared;
  }

  /** Reports {@code rule}'s findings in {@code tree}; always returns NO_MATCH. */
  static Description report(
      BugChecker checker,
      String rule,
      MethodTree tree,
      VisitorState state,
      OverlapcheckConfig config) {
    SharedAnalysis shared = instance(state);
    List<Finding> all = shared.findings(tree, state, config);
    List<String> prints =
        config.baseline().isPresent() ? shared.fingerprints(tree, all, state) : List.of();
    for (int i = 0; i < all.size(); i++) {
      Finding f = all.get(i);
      if (config.baseline().isPresent() && config.baseline().get().contains(prints.get(i))) {
        continue;
      }
      if (f.rule().equals(rule) && f.origin() instanceof Tree t) {
        Description.Builder d = checker.buildDescription(t).setMessage(f.message());
        f.fix().flatMap(fix -> safely(fix, state)).ifPresent(d::addFix);
        state.reportMatch(d.build());
      }
    }
    return Description.NO_MATCH;
  }

  /** The fix, or none if building it fails: a fix must never break the user's build. */
  private static java.util.Optional<SuggestedFix> safely(Finding.Fix fix, VisitorState state) {
    try {
      return FixBuilder.build(fix, state);
    } catch (RuntimeException e) {
      if (Boolean.getBoolean(DEBUG_PROPERTY)) {
        throw e;
      }
      return java.util.Optional.empty();
    }
  }

  // The cache is keyed by the compilation unit and trees themselves: identity is the point.
  @SuppressWarnings("ReferenceEquality")
  private List<Finding> findings(MethodTree tree, VisitorState state, OverlapcheckConfig config) {
    CompilationUnitTree current = state.getPath().getCompilationUnit();
    if (current != unit) {
      unit = current;
      findings.clear();
      classModels.clear();
      scans.clear();
      classFacts.clear();
      fingerprints.clear();
    }
    List<Finding> known = findings.get(tree);
    if (known != null) {
      return known;
    }
    List<Finding> result;
    try {
      result = analyze(tree, state, config);
    } catch (RuntimeException | StackOverflowError e) {
      // An unexpected tree shape or a bug in the analysis must never break the user's build.
      if (Boolean.getBoolean(DEBUG_PROPERTY)) {
        throw e;
      }
      result = List.of();
    }
    findings.put(tree, result);
    return result;
  }

  /**
   * The fingerprints of a method's findings (all rules), in the same order, as the scanner computes
   * them: for a baseline. {@code state}'s path is the method's.
   */
  private List<String> fingerprints(MethodTree tree, List<Finding> all, VisitorState state) {
    List<String> known = fingerprints.get(tree);
    if (known != null) {
      return known;
    }
    CompilationUnitTree cu = state.getPath().getCompilationUnit();
    String pkg = cu.getPackageName() == null ? "" : cu.getPackageName().toString();
    String path = cu.getSourceFile().toUri().getPath();
    String fileName = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    List<String> classes = new ArrayList<>();
    for (Tree t : state.getPath()) {
      if (t instanceof ClassTree c) {
        classes.add(0, c.getSimpleName().toString());
      }
    }
    Fingerprints.Site site =
        new Fingerprints.Site(
            Fingerprints.file(pkg, fileName),
            Fingerprints.enclosingClass(classes),
            Fingerprints.method(tree.getName().toString(), tree.getParameters().size()));
    List<Fingerprints.Located> located = new ArrayList<>();
    for (Finding f : all) {
      long line = 0;
      long column = 0;
      if (f.origin() instanceof JCTree t) {
        int pos = t.getPreferredPosition();
        line = cu.getLineMap().getLineNumber(pos);
        column = cu.getLineMap().getColumnNumber(pos);
      }
      located.add(new Fingerprints.Located(f.rule(), f.message(), line, column));
    }
    List<String> prints = Fingerprints.of(site, located);
    fingerprints.put(tree, prints);
    return prints;
  }

  // The method's model is found by its tree: identity is the point.
  @SuppressWarnings("ReferenceEquality")
  private List<Finding> analyze(MethodTree tree, VisitorState state, OverlapcheckConfig config) {
    if (tree.getBody() == null) {
      return List.of();
    }
    ClassTree cls = ASTHelpers.findEnclosingNode(state.getPath(), ClassTree.class);
    if (!(cls == null ? callsModelled(tree.getBody()) : scan(cls).mentionsModelled(tree))) {
      return List.of();
    }
    if (cls != null && !scan(cls).mayFind()) {
      // The class starts no I/O: no rule has anything to report in it.
      return List.of();
    }
    if (cls == null) {
      return Analysis.analyze(
          JavacLowering.method(tree, state, config.api()),
          new ClassModel("", List.of()),
          ClassFacts.NONE,
          Rules.ALL);
    }
    ClassModel model = classModels.get(cls);
    if (model == null) {
      model = JavacLowering.type(cls, state, config.api());
      classModels.put(cls, model);
    }
    ClassFacts facts = classFacts.get(cls);
    if (facts == null) {
      facts = Analysis.classFacts(model);
      classFacts.put(cls, facts);
    }
    MethodModel method =
        model.methods().stream()
            .filter(m -> m.origin() == tree)
            .findFirst()
            .orElseGet(() -> JavacLowering.method(tree, state, config.api()));
    return Analysis.analyze(method, model, facts, Rules.ALL);
  }

  /**
   * The names each method of the class calls, and which methods call a modelled function themselves
   * (cheap, by name): one walk of each method's body.
   */
  private ClassScan scan(ClassTree cls) {
    ClassScan known = scans.get(cls);
    if (known == null) {
      IdentityHashMap<MethodTree, Set<String>> calls = new IdentityHashMap<>();
      Set<String> helpers = new HashSet<>();
      for (Tree member : cls.getMembers()) {
        if (member instanceof MethodTree m && m.getBody() != null) {
          Set<String> names = calledNames(m.getBody(), false);
          calls.put(m, names);
          if (names.stream().anyMatch(Win32Function::isCandidateName)) {
            helpers.add(m.getName().toString());
          }
        }
      }
      known = new ClassScan(cls, helpers, calls);
      scans.put(cls, known);
    }
    return known;
  }

  /** What the cheap filters know of one class. */
  private static final class ClassScan {
    private final ClassTree cls;

    /** Names of the class's methods that call a modelled function themselves. */
    private final Set<String> helpers;

    /** The names each method calls (not those called in classes declared inside it). */
    private final IdentityHashMap<MethodTree, Set<String>> calls;

    /** {@link #mayFind()}, once asked: only for a class with a method that passes the filter. */
    private Boolean mayFind;

    ClassScan(ClassTree cls, Set<String> helpers, IdentityHashMap<MethodTree, Set<String>> calls) {
      this.cls = cls;
      this.helpers = helpers;
      this.calls = calls;
    }

    /**
     * The cheap filter: does the method call anything named like a modelled Win32 function, or one
     * of the class's methods that does?
     */
    boolean mentionsModelled(MethodTree method) {
      Set<String> names = calls.get(method);
      if (names == null) {
        names = calledNames(method.getBody(), false);
      }
      return names.stream().anyMatch(n -> Win32Function.isCandidateName(n) || helpers.contains(n));
    }

    /**
     * Whether a rule may find anything in the class ({@link Analysis#mayFind}), from every name
     * called anywhere in it: field initializers, nested classes and lambdas too.
     */
    boolean mayFind() {
      if (mayFind == null) {
        mayFind = Analysis.mayFind(calledNames(cls, true), Rules.ALL);
      }
      return mayFind;
    }
  }

  private static boolean callsModelled(Tree body) {
    return calledNames(body, false).stream().anyMatch(Win32Function::isCandidateName);
  }

  /**
   * The names of the methods {@code code} calls; in classes declared in it only if {@code nested}.
   */
  private static Set<String> calledNames(Tree code, boolean nested) {
    Set<String> names = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
        names.add(methodName(node));
        return super.visitMethodInvocation(node, null);
      }

      @Override
      public Void visitClass(ClassTree node, Void unused) {
        return nested ? super.visitClass(node, null) : null;
      }
    }.scan(code, null);
    return names;
  }

  private static String methodName(MethodInvocationTree node) {
    Tree select = node.getMethodSelect();
    if (select instanceof com.sun.source.tree.MemberSelectTree ms) {
      return ms.getIdentifier().toString();
    }
    if (select instanceof com.sun.source.tree.IdentifierTree id) {
      return id.getName().toString();
    }
    return "";
  }
}
