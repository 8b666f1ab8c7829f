package io.github.overlapcheck.errorprone;

import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.ClassTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.CompilationUnitTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.Log;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What every overlapcheck check shares: the flags, and reporting its rule's findings from the
 * analysis that all rules share (each method is analysed once, whichever check asks first).
 *
 * <p>A bad flag is a compilation error that says what is wrong with it, reported once however many
 * checks read the flag. The constructor must not throw for it: Error Prone creates the checks while
 * javac runs, and turns an exception from a constructor into javac's "An exception has occurred in
 * the compiler ... file a bug" crash report, with the flag's message at the bottom of a stack
 * trace.
 *
 * <p>A check matches classes, not methods: Error Prone calls every enabled matcher of a kind, with
 * its suppression bookkeeping, at every tree of that kind, and classes are far fewer than methods.
 * Each call reports the rule's findings in the methods the class declares, and applies what Error
 * Prone would have applied at each method: its {@code @SuppressWarnings} and generated-code
 * annotations ({@link BugChecker#isSuppressed(com.sun.source.tree.Tree, VisitorState)}). Error
 * Prone has already applied those of the class and everything around it.
 */
abstract class OverlapcheckChecker extends BugChecker
    implements ClassTreeMatcher, CompilationUnitTreeMatcher {
  private static final long serialVersionUID = 1L;

  /** The flag errors already reported in a compilation. */
  private static final Context.Key<Set<String>> REPORTED = new Context.Key<>();

  private final String rule;
  private final transient Optional<OverlapcheckConfig> config;
  private final transient Optional<String> flagError;

  OverlapcheckChecker(String rule, ErrorProneFlags flags) {
    this.rule = rule;
    OverlapcheckConfig read = null;
    String error = null;
    try {
      read = OverlapcheckConfig.from(flags);
    } catch (IllegalArgumentException e) {
      error = e.getMessage();
    }
    this.config = Optional.ofNullable(read);
    this.flagError = Optional.ofNullable(error);
  }

  /** What is wrong with the flags, if anything (then the check reports that and nothing else). */
  final Optional<String> flagError() {
    return flagError;
  }

  @Override
  public final Description matchCompilationUnit(CompilationUnitTree tree, VisitorState state) {
    if (flagError.isPresent()) {
      Set<String> reported = state.context.get(REPORTED);
      if (reported == null) {
        reported = new HashSet<>();
        state.context.put(REPORTED, reported);
      }
      if (reported.add(flagError.get())) {
        // javac's generic error ("error: <message>"), as an annotation processor's Messager
        // reports one: it fails the compilation, and has no source position to point at.
        Log.instance(state.context).error("proc.messager", flagError.get());
      }
    }
    return Description.NO_MATCH;
  }

  @Override
  public final Description matchClass(ClassTree tree, VisitorState state) {
    if (config.isEmpty()) {
      return Description.NO_MATCH;
    }
    return SharedAnalysis.report(this, rule, tree, state, config.get());
  }
}
