package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.bugpatterns.BugChecker;
import javax.inject.Inject;

/**
 * Reports {@link io.github.overlapcheck.rules.WaitOnSharedFileHandle}: see its documentation page.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "Waiting on a file handle while more than one operation may be outstanding on it cannot"
            + " tell which one completed",
    link = Links.RULES + "WaitOnSharedFileHandle.md",
    linkType = CUSTOM,
    severity = WARNING,
    tags = BugPattern.StandardTags.LIKELY_ERROR)
public final class WaitOnSharedFileHandle extends OverlapcheckChecker {
  private static final long serialVersionUID = 1L;

  /** For the service loader, through which javac finds plugins; Error Prone then injects flags. */
  public WaitOnSharedFileHandle() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public WaitOnSharedFileHandle(ErrorProneFlags flags) {
    super(io.github.overlapcheck.rules.WaitOnSharedFileHandle.NAME, flags);
  }
}
