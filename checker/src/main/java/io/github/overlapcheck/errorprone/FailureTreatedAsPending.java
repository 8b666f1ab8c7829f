package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.bugpatterns.BugChecker;
import javax.inject.Inject;

/**
 * Reports {@link io.github.overlapcheck.rules.FailureTreatedAsPending}: see its documentation page.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A wait for the completion of a read, write or connect on a path where it failed with an"
            + " error other than ERROR_IO_PENDING, so nothing was started",
    link = Links.RULES + "FailureTreatedAsPending.md",
    linkType = CUSTOM,
    severity = WARNING,
    tags = BugPattern.StandardTags.LIKELY_ERROR)
public final class FailureTreatedAsPending extends OverlapcheckChecker {
  private static final long serialVersionUID = 1L;

  /** For the service loader, through which javac finds plugins; Error Prone then injects flags. */
  public FailureTreatedAsPending() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public FailureTreatedAsPending(ErrorProneFlags flags) {
    super(io.github.overlapcheck.rules.FailureTreatedAsPending.NAME, flags);
  }
}
