package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.bugpatterns.BugChecker;
import javax.inject.Inject;

/**
 * Reports {@link io.github.overlapcheck.rules.ModifiedWhilePending}: see its documentation page.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A buffer or OVERLAPPED written, or passed to another operation, while an operation that"
            + " uses it may still be pending",
    link = Links.RULES + "ModifiedWhilePending.md",
    linkType = CUSTOM,
    severity = WARNING,
    tags = BugPattern.StandardTags.LIKELY_ERROR)
public final class ModifiedWhilePending extends OverlapcheckChecker {
  private static final long serialVersionUID = 1L;

  /** For the service loader, through which javac finds plugins; Error Prone then injects flags. */
  public ModifiedWhilePending() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public ModifiedWhilePending(ErrorProneFlags flags) {
    super(io.github.overlapcheck.rules.ModifiedWhilePending.NAME, flags);
  }
}
