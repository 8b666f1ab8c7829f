package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.bugpatterns.BugChecker;
import javax.inject.Inject;

/**
 * Reports {@link io.github.overlapcheck.rules.MissingOverlappedOffset}: see its documentation page.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A read or write on an asynchronous file handle whose OVERLAPPED offset is not set, not"
            + " advanced, cut to 32 bits, or replaced by SetFilePointer",
    link = Links.RULES + "MissingOverlappedOffset.md",
    linkType = CUSTOM,
    severity = WARNING,
    tags = BugPattern.StandardTags.LIKELY_ERROR)
public final class MissingOverlappedOffset extends OverlapcheckChecker {
  private static final long serialVersionUID = 1L;

  /** For the service loader, through which javac finds plugins; Error Prone then injects flags. */
  public MissingOverlappedOffset() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public MissingOverlappedOffset(ErrorProneFlags flags) {
    super(io.github.overlapcheck.rules.MissingOverlappedOffset.NAME, flags);
  }
}
