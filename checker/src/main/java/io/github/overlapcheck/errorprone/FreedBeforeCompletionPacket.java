package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.bugpatterns.BugChecker;
import javax.inject.Inject;

/**
 * Reports {@link io.github.overlapcheck.rules.FreedBeforeCompletionPacket}: see its documentation
 * page.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A buffer or OVERLAPPED is freed after its operation completed at once on a handle bound to"
            + " a completion port, which still queues a packet for it",
    link = Links.RULES + "FreedBeforeCompletionPacket.md",
    linkType = CUSTOM,
    severity = WARNING,
    tags = BugPattern.StandardTags.LIKELY_ERROR)
public final class FreedBeforeCompletionPacket extends OverlapcheckChecker {
  private static final long serialVersionUID = 1L;

  /** For the service loader, through which javac finds plugins; Error Prone then injects flags. */
  public FreedBeforeCompletionPacket() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public FreedBeforeCompletionPacket(ErrorProneFlags flags) {
    super(io.github.overlapcheck.rules.FreedBeforeCompletionPacket.NAME, flags);
  }
}
