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
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The analysis shared by every overlapcheck check in one compilation: each method is analysed at
 * most once, for all rules, and only if it calls a modelled Win32 function. Lives in the javac
 * context, so nothing is shared between compilations.
 *
 * <p>Error Prone calls every check at a class one after the other, so the findings of the last
 * class asked for are all that is kept: the first check computes them, the others read them.
 */
final class SharedAnalysis {
  private static final Context.Key<SharedAnalysis> KEY = new Context.Key<>();

  /** With this system property set, internal errors propagate (for the project's own tests). */
  static final String DEBUG_PROPERTY = "overlapcheck.debug";

  private ClassTree lastClass;
  private List<MethodFindings> lastFindings = List.of();

  static SharedAnalysis instance(VisitorState state) {
    SharedAnalysis shared = state.context.get(KEY);
    if (shared == null) {
      shared = new SharedAnalysis();
      state.context.put(KEY, shared);
    }
    return shared;
  }

  /**
   * Reports {@code rule}'s findings in the methods {@code cls} declares, except in a method whose
   * annotations suppress {@code checker}; always returns NO_MATCH. {@code state}'s path is the
   * class's, and Error Prone has applied the suppressions on it.
   */
  static Description report(
      BugChecker checker,
      String rule,
      ClassTree cls,
      VisitorState state,
      OverlapcheckConfig config) {
    SharedAnalysis shared = instance(state);
    for (MethodFindings method : shared.findings(cls, state, config)) {
      if (method.findings.stream().noneMatch(f -> f.rule().equals(rule))
          || suppressed(checker, method.tree, state)) {
        continue;
      }
      List<String> prints = config.baseline().isPresent() ? fingerprints(method, state) : List.of();
      for (int i = 0; i < method.findings.size(); i++) {
        Finding f = method.findings.get(i);
        if (config.baseline().isPresent() && config.baseline().get().contains(prints.get(i))) {
          continue;
        }
        if (f.rule().equals(rule) && f.origin() instanceof Tree t) {
          Description.Builder d = checker.buildDescription(t).setMessage(f.message());
          f.fix().flatMap(fix -> safely(fix, state)).ifPresent(d::addFix);
          state.reportMatch(d.build());
        }
      }
    }
    return Description.NO_MATCH;
  }

  /**
   * Whether the method's own annotations turn {@code checker} off, as Error Prone decides it for a
   * method matcher: {@code @SuppressWarnings} with one of the check's names or {@code "all"}, and a
   * generated-code annotation under {@code -XepDisableWarningsInGeneratedCode} (warnings only);
   * nothing under {@code -XepIgnoreSuppressionAnnotations}.
   */
  private static boolean suppressed(BugChecker checker, MethodTree method, VisitorState state) {
    return !state.errorProneOptions().isIgnoreSuppressionAnnotations()
        && checker.isSuppressed(method, state);
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

  /** The findings (all rules) in each method {@code cls} declares that has any. */
  // The cache is keyed by the class tree itself: identity is the point.
  @SuppressWarnings("ReferenceEquality")
  private List<MethodFindings> findings(
      ClassTree cls, VisitorState state, OverlapcheckConfig config) {
    if (cls == lastClass) {
      return lastFindings;
    }
    List<MethodFindings> result = new ArrayList<>();
    analyzeMethods(
        cls,
        state,
        config,
        (method, found) -> {
          if (!found.isEmpty()) {
            result.add(new MethodFindings(method, found));
          }
        });
    lastClass = cls;
    lastFindings = result;
    return result;
  }

  /**
   * Analyses each method with a body that {@code cls} declares, in order, and passes it with its
   * findings (all rules) to {@code each} as soon as they are known. A method whose analysis fails
   * has none: an unexpected tree shape or a bug in the analysis must never break the user's build,
   * nor cost the other methods their findings. (The benchmark harness times the calls to {@code
   * each}.)
   */
  static void analyzeMethods(
      ClassTree cls,
      VisitorState state,
      OverlapcheckConfig config,
      BiConsumer<MethodTree, List<Finding>> each) {
    analyzeMethods(cls, state, config, ClassAnalysis::findings, each);
  }

  /** One method's analysis, given its class's: a parameter only so that a test can make it fail. */
  interface MethodAnalysis {
    List<Finding> findings(ClassAnalysis cls, MethodTree method);
  }

  /** As {@link #analyzeMethods(ClassTree, VisitorState, OverlapcheckConfig, BiConsumer)}. */
  static void analyzeMethods(
      ClassTree cls,
      VisitorState state,
      OverlapcheckConfig config,
      MethodAnalysis analyze,
      BiConsumer<MethodTree, List<Finding>> each) {
    ClassAnalysis analysis = null;
    for (Tree member : cls.getMembers()) {
      if (!(member instanceof MethodTree m)
          || m.getBody() == null
          || ASTHelpers.isGeneratedConstructor(m)) {
        continue;
      }
      List<Finding> found;
      try {
        if (analysis == null) {
          // Inside the try: the class's name walk must not break the build either.
          analysis = new ClassAnalysis(cls, state, config.api());
        }
        found = analyze.findings(analysis, m);
      } catch (RuntimeException | StackOverflowError e) {
        if (Boolean.getBoolean(DEBUG_PROPERTY)) {
          throw e;
        }
        found = List.of();
      }
      each.accept(m, found);
    }
  }

  /**
   * The fingerprints of a method's findings (all rules), in the same order, as the scanner computes
   * them: for a baseline. {@code state}'s path is the method's class's.
   */
  private static List<String> fingerprints(MethodFindings method, VisitorState state) {
    if (method.prints != null) {
      return method.prints;
    }
    MethodTree tree = method.tree;
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
    for (Finding f : method.findings) {
      long line = 0;
      long column = 0;
      if (f.origin() instanceof JCTree t) {
        int pos = t.getPreferredPosition();
        line = cu.getLineMap().getLineNumber(pos);
        column = cu.getLineMap().getColumnNumber(pos);
      }
      located.add(new Fingerprints.Located(f.rule(), f.message(), line, column));
    }
    method.prints = Fingerprints.of(site, located);
    return method.prints;
  }

  /** A method a class declares, its findings, and their fingerprints once computed. */
  private static final class MethodFindings {
    final MethodTree tree;
    final List<Finding> findings;
    List<String> prints;

    MethodFindings(MethodTree tree, List<Finding> findings) {
      this.tree = tree;
      this.findings = findings;
    }
  }

  /**
   * One class's analysis: the cheap filters first (by name), then its model and facts, built once
   * and only if a method gets past the filters.
   */
  static final class ClassAnalysis {
    private final ClassTree cls;
    private final VisitorState state;
    private final ApiModel api;

    /** Names of the class's methods that call a modelled function themselves. */
    private final Set<String> helpers = new HashSet<>();

    /** The names each method calls (not those called in classes declared inside it). */
    private final IdentityHashMap<MethodTree, Set<String>> calls = new IdentityHashMap<>();

    /** {@link #mayFind()}, once asked: only for a class with a method that passes the filter. */
    private Boolean mayFind;

    private ClassModel model;
    private ClassFacts facts;

    /** One walk of each method's body. */
    private ClassAnalysis(ClassTree cls, VisitorState state, ApiModel api) {
      this.cls = cls;
      this.state = state;
      this.api = api;
      for (Tree member : cls.getMembers()) {
        if (member instanceof MethodTree m && m.getBody() != null) {
          Set<String> names = calledNames(m.getBody(), false);
          calls.put(m, names);
          if (names.stream().anyMatch(Win32Function::isCandidateName)) {
            helpers.add(m.getName().toString());
          }
        }
      }
    }

    // The method's model is found by its tree: identity is the point.
    @SuppressWarnings("ReferenceEquality")
    List<Finding> findings(MethodTree tree) {
      if (!mentionsModelled(tree) || !mayFind()) {
        // Nothing modelled is called, or the class starts no I/O: no rule has anything to report.
        return List.of();
      }
      if (model == null) {
        model = JavacLowering.type(cls, state, api);
        facts = Analysis.classFacts(model);
      }
      MethodModel method =
          model.methods().stream()
              .filter(m -> m.origin() == tree)
              .findFirst()
              .orElseGet(() -> JavacLowering.method(tree, state, api));
      return Analysis.analyze(method, model, facts, Rules.ALL);
    }

    /**
     * The cheap filter: does the method call anything named like a modelled Win32 function, or one
     * of the class's methods that does?
     */
    private boolean mentionsModelled(MethodTree method) {
      return calls.getOrDefault(method, Set.of()).stream()
          .anyMatch(n -> Win32Function.isCandidateName(n) || helpers.contains(n));
    }

    /**
     * Whether a rule may find anything in the class ({@link Analysis#mayFind}), from every name
     * called anywhere in it: field initializers, nested classes and lambdas too.
     */
    private boolean mayFind() {
      if (mayFind == null) {
        mayFind = Analysis.mayFind(calledNames(cls, true), Rules.ALL);
      }
      return mayFind;
    }
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
