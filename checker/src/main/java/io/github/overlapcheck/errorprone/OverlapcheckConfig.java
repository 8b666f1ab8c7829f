package io.github.overlapcheck.errorprone;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.ErrorProneFlags;
import io.github.overlapcheck.api.ApiModel;
import io.github.overlapcheck.report.Baseline;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The plugin's flags, read and checked in one place: {@code
 * -XepOpt:Overlapcheck:ReleaseMethods=com.example.Pool#release,...} names methods that free native
 * memory (their first argument, or their receiver when they take none); {@code
 * -XepOpt:Overlapcheck:Baseline=FILE} names a baseline file (written by the scanner's {@code
 * --write-baseline}) whose findings are not reported.
 */
final class OverlapcheckConfig {
  static final String RELEASE_METHODS = "Overlapcheck:ReleaseMethods";
  static final String BASELINE = "Overlapcheck:Baseline";
  private static final Pattern METHOD =
      Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*#[A-Za-z_$][\\w$]*");

  private final ApiModel api;
  private final Optional<Baseline> baseline;

  private OverlapcheckConfig(ApiModel api, Optional<Baseline> baseline) {
    this.api = api;
    this.baseline = baseline;
  }

  static OverlapcheckConfig from(ErrorProneFlags flags) {
    ImmutableSet<String> release = flags.getSetOrEmpty(RELEASE_METHODS);
    for (String m : release) {
      if (!METHOD.matcher(m).matches()) {
        throw new IllegalArgumentException(
            "-XepOpt:"
                + RELEASE_METHODS
                + ": '"
                + m
                + "' is not a method; expected a comma-separated list of"
                + " qualified.Owner#methodName, e.g. com.example.BufferPool#release");
      }
    }
    Optional<Baseline> baseline = Optional.empty();
    Optional<String> file = flags.get(BASELINE);
    if (file.isPresent()) {
      if (file.get().isBlank()) {
        throw new IllegalArgumentException(
            "-XepOpt:" + BASELINE + ": expected the path of a baseline file, found nothing");
      }
      try {
        baseline = Optional.of(Baseline.read(Path.of(file.get())));
      } catch (Baseline.BaselineException | java.nio.file.InvalidPathException e) {
        throw new IllegalArgumentException("-XepOpt:" + BASELINE + ": " + e.getMessage(), e);
      }
    }
    return new OverlapcheckConfig(new ApiModel(release), baseline);
  }

  ApiModel api() {
    return api;
  }

  /** The findings not to report, when a baseline file is given. */
  Optional<Baseline> baseline() {
    return baseline;
  }
}
