package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.bugpatterns.BugChecker;
import javax.inject.Inject;

/**
 * Reports {@link io.github.overlapcheck.rules.ReleasedWhilePending}: see its documentation page.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A handle closed, or a buffer or OVERLAPPED freed, while an operation that uses it may"
            + " still be pending",
    link = Links.RULES + "ReleasedWhilePending.md",
    linkType = CUSTOM,
    severity = WARNING,
    tags = BugPattern.StandardTags.LIKELY_ERROR)
public final class ReleasedWhilePending extends OverlapcheckChecker {
  private static final long serialVersionUID = 1L;

  /** For the service loader, through which javac finds plugins; Error Prone then injects flags. */
  public ReleasedWhilePending() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public ReleasedWhilePending(ErrorProneFlags flags) {
    super(io.github.overlapcheck.rules.ReleasedWhilePending.NAME, flags);
  }
}
