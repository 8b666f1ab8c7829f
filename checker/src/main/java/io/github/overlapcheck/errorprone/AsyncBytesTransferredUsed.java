package io.github.overlapcheck.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.bugpatterns.BugChecker;
import javax.inject.Inject;

/**
 * Reports {@link io.github.overlapcheck.rules.AsyncBytesTransferredUsed}: see its documentation
 * page.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "The bytes-transferred out-parameter of an asynchronous read or write is used as its "
            + "result",
    link = Links.RULES + "AsyncBytesTransferredUsed.md",
    linkType = CUSTOM,
    severity = WARNING,
    tags = BugPattern.StandardTags.LIKELY_ERROR)
public final class AsyncBytesTransferredUsed extends OverlapcheckChecker {
  private static final long serialVersionUID = 1L;

  /** For the service loader, through which javac finds plugins; Error Prone then injects flags. */
  public AsyncBytesTransferredUsed() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public AsyncBytesTransferredUsed(ErrorProneFlags flags) {
    super(io.github.overlapcheck.rules.AsyncBytesTransferredUsed.NAME, flags);
  }
}
