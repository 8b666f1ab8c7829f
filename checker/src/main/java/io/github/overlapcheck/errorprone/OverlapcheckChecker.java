package io.github.overlapcheck.errorprone;

import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodTree;

/**
 * What every overlapcheck check shares: the flags, and reporting its rule's findings from the
 * analysis that all rules share (each method is analysed once, whichever check asks first).
 */
abstract class OverlapcheckChecker extends BugChecker implements MethodTreeMatcher {
  private static final long serialVersionUID = 1L;

  private final String rule;
  private final transient OverlapcheckConfig config;

  OverlapcheckChecker(String rule, ErrorProneFlags flags) {
    this.rule = rule;
    this.config = OverlapcheckConfig.from(flags);
  }

  @Override
  public final Description matchMethod(MethodTree tree, VisitorState state) {
    return SharedAnalysis.report(this, rule, tree, state, config);
  }
}
