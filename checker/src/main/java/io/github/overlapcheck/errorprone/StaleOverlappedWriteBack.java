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
 * Reports {@link io.github.overlapcheck.rules.StaleOverlappedWriteBack}: see its documentation
 * page.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A JNA Structure OVERLAPPED passed by value after its operation was issued writes "
            + "stale fields over the kernel's status",
    link = Links.RULES + "StaleOverlappedWriteBack.md",
    linkType = CUSTOM,
    severity = WARNING,
    tags = BugPattern.StandardTags.LIKELY_ERROR)
public final class StaleOverlappedWriteBack extends BugChecker implements MethodTreeMatcher {
  private static final long serialVersionUID = 1L;

  private final transient OverlapcheckConfig config;

  /** For the service loader, through which javac finds plugins; Error Prone then injects flags. */
  public StaleOverlappedWriteBack() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public StaleOverlappedWriteBack(ErrorProneFlags flags) {
    this.config = OverlapcheckConfig.from(flags);
  }

  @Override
  public Description matchMethod(MethodTree tree, VisitorState state) {
    return SharedAnalysis.report(
        this, io.github.overlapcheck.rules.StaleOverlappedWriteBack.NAME, tree, state, config);
  }
}
