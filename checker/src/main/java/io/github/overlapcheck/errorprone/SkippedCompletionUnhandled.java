package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.bugpatterns.BugChecker;
import javax.inject.Inject;

/**
 * Reports {@link io.github.overlapcheck.rules.SkippedCompletionUnhandled}: see its documentation
 * page.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "FILE_SKIP_COMPLETION_PORT_ON_SUCCESS is set, but a read or write that returns TRUE is left to "
            + "the completion port handler, which gets no packet for it",
    link = Links.RULES + "SkippedCompletionUnhandled.md",
    linkType = CUSTOM,
    severity = WARNING,
    tags = BugPattern.StandardTags.LIKELY_ERROR)
public final class SkippedCompletionUnhandled extends OverlapcheckChecker {
  private static final long serialVersionUID = 1L;

  /** For the service loader, through which javac finds plugins; Error Prone then injects flags. */
  public SkippedCompletionUnhandled() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public SkippedCompletionUnhandled(ErrorProneFlags flags) {
    super(io.github.overlapcheck.rules.SkippedCompletionUnhandled.NAME, flags);
  }
}
