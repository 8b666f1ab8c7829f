package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.bugpatterns.BugChecker;
import javax.inject.Inject;

/**
 * Reports {@link io.github.overlapcheck.rules.PendingTreatedAsFailure}: see its documentation page.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "FALSE from an asynchronous read or write is handled as a failure without ruling out"
            + " ERROR_IO_PENDING",
    link = Links.RULES + "PendingTreatedAsFailure.md",
    linkType = CUSTOM,
    severity = WARNING,
    tags = BugPattern.StandardTags.LIKELY_ERROR)
public final class PendingTreatedAsFailure extends OverlapcheckChecker {
  private static final long serialVersionUID = 1L;

  /** For the service loader, through which javac finds plugins; Error Prone then injects flags. */
  public PendingTreatedAsFailure() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public PendingTreatedAsFailure(ErrorProneFlags flags) {
    super(io.github.overlapcheck.rules.PendingTreatedAsFailure.NAME, flags);
  }
}
