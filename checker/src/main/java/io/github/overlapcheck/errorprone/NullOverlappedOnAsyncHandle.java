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
 * Reports {@link io.github.overlapcheck.rules.NullOverlappedOnAsyncHandle}: see its documentation
 * page.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "A read or write on an asynchronous handle without an OVERLAPPED",
    link = Links.RULES + "NullOverlappedOnAsyncHandle.md",
    linkType = CUSTOM,
    severity = WARNING,
    tags = BugPattern.StandardTags.LIKELY_ERROR)
public final class NullOverlappedOnAsyncHandle extends BugChecker implements MethodTreeMatcher {
  private static final long serialVersionUID = 1L;

  private final transient OverlapcheckConfig config;

  /** For the service loader, through which javac finds plugins; Error Prone then injects flags. */
  public NullOverlappedOnAsyncHandle() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public NullOverlappedOnAsyncHandle(ErrorProneFlags flags) {
    this.config = OverlapcheckConfig.from(flags);
  }

  @Override
  public Description matchMethod(MethodTree tree, VisitorState state) {
    return SharedAnalysis.report(
        this, io.github.overlapcheck.rules.NullOverlappedOnAsyncHandle.NAME, tree, state, config);
  }
}
