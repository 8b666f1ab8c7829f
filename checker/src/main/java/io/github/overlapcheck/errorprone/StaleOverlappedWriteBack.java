package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.bugpatterns.BugChecker;
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
public final class StaleOverlappedWriteBack extends OverlapcheckChecker {
  private static final long serialVersionUID = 1L;

  /** For the service loader, through which javac finds plugins; Error Prone then injects flags. */
  public StaleOverlappedWriteBack() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public StaleOverlappedWriteBack(ErrorProneFlags flags) {
    super(io.github.overlapcheck.rules.StaleOverlappedWriteBack.NAME, flags);
  }
}
