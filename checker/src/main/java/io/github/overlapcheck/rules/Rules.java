package io.github.overlapcheck.rules;

import io.github.overlapcheck.analysis.Rule;
import java.util.List;

/** Every rule overlapcheck has, in one list, for both front ends. */
public final class Rules {
  private Rules() {}

  /** The rules, in the order of the README table. */
  public static final List<Rule> ALL =
      List.of(
          new FreedBeforeCompletionPacket(),
          new LocalOverlappedEscapes(),
          new WaitOnSharedFileHandle(),
          new MissingOverlappedOffset(),
          new NullOverlappedOnAsyncHandle(),
          new SkippedCompletionUnhandled(),
          new AsyncBytesTransferredUsed(),
          new CompletionRoutineNeverRuns(),
          new StaleOverlappedWriteBack(),
          new PendingTreatedAsFailure(),
          new FailureTreatedAsPending(),
          new CancelIoFromOtherThread(),
          new ModifiedWhilePending(),
          new ReleasedWhilePending());
}
