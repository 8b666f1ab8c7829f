package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.bugpatterns.BugChecker;
import javax.inject.Inject;

/**
 * Reports {@link io.github.overlapcheck.rules.CancelIoFromOtherThread}: see its documentation page.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "CancelIo called for operations another thread issued; it cancels only the calling"
            + " thread's own, CancelIoEx is the fix",
    link = Links.RULES + "CancelIoFromOtherThread.md",
    linkType = CUSTOM,
    severity = WARNING,
    tags = BugPattern.StandardTags.LIKELY_ERROR)
public final class CancelIoFromOtherThread extends OverlapcheckChecker {
  private static final long serialVersionUID = 1L;

  /** For the service loader, through which javac finds plugins; Error Prone then injects flags. */
  public CancelIoFromOtherThread() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public CancelIoFromOtherThread(ErrorProneFlags flags) {
    super(io.github.overlapcheck.rules.CancelIoFromOtherThread.NAME, flags);
  }
}
