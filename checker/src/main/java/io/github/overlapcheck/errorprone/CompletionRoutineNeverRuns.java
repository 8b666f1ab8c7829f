package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodTree;
import javax.inject.Inject;

/**
 * Reports {@link io.github.overlapcheck.rules.CompletionRoutineNeverRuns}: see its documentation
 * page.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "The completion routine of ReadFileEx/WriteFileEx never runs: the issuing thread never "
            + "waits alertably",
    link = Links.RULES + "CompletionRoutineNeverRuns.md",
    linkType = CUSTOM,
    severity = WARNING,
    tags = BugPattern.StandardTags.LIKELY_ERROR)
public final class CompletionRoutineNeverRuns extends BugChecker implements MethodTreeMatcher {
  private static final long serialVersionUID = 1L;

  private final transient OverlapcheckConfig config;

  /** For the service loader, through which javac finds plugins; Error Prone then injects flags. */
  public CompletionRoutineNeverRuns() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public CompletionRoutineNeverRuns(ErrorProneFlags flags) {
    this.config = OverlapcheckConfig.from(flags);
  }

  @Override
  public Description matchMethod(MethodTree tree, VisitorState state) {
    return SharedAnalysis.report(
        this, io.github.overlapcheck.rules.CompletionRoutineNeverRuns.NAME, tree, state, config);
  }
}
