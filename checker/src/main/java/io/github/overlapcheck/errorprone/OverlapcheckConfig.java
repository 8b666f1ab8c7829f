package io.github.overlapcheck.errorprone;

import com.google.errorprone.ErrorProneFlags;
import io.github.overlapcheck.api.ApiModel;
import io.github.overlapcheck.report.Baseline;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plugin's flags, read and checked in one place: {@code
 * -XepOpt:Overlapcheck:ReleaseMethods=com.example.Pool#release,...} names methods that free native
 * memory (their first argument, or their receiver when they take none); {@code
 * -XepOpt:Overlapcheck:Baseline=FILE} names a baseline file (written by the scanner's {@code
 * --write-baseline}) whose findings are not reported. Any other {@code Overlapcheck:} flag is a
 * mistake (a misspelt flag would otherwise be ignored without a word).
 */
final class OverlapcheckConfig {
  static final String PREFIX = "Overlapcheck:";
  static final String RELEASE_METHODS = PREFIX + "ReleaseMethods";
  static final String BASELINE = PREFIX + "Baseline";

  private static final String RELEASE_METHODS_FORM =
      "a comma-separated list of qualified.Owner#methodName, e.g. com.example.BufferPool#release";
  private static final String BASELINE_FORM =
      "the path of a baseline file, as written by the scanner's --write-baseline";

  /** The flags there are, with the values each accepts, in the order of the documentation. */
  private static final Map<String, String> FLAGS =
      Map.of(RELEASE_METHODS, RELEASE_METHODS_FORM, BASELINE, BASELINE_FORM);

  private static final Pattern METHOD =
      Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*#[A-Za-z_$][\\w$]*");

  private final ApiModel api;
  private final Optional<Baseline> baseline;

  private OverlapcheckConfig(ApiModel api, Optional<Baseline> baseline) {
    this.api = api;
    this.baseline = baseline;
  }

  /**
   * Reads and checks the flags.
   *
   * @throws IllegalArgumentException for a bad value or an unknown {@code Overlapcheck:} flag; the
   *     message names the flag and what it accepts
   */
  static OverlapcheckConfig from(ErrorProneFlags flags) {
    for (String name : flags.getFlagsMap().keySet()) {
      if (name.startsWith(PREFIX) && !FLAGS.containsKey(name)) {
        throw new IllegalArgumentException(
            "-XepOpt:"
                + name
                + ": unknown flag; the overlapcheck flags are -XepOpt:"
                + RELEASE_METHODS
                + "=<"
                + RELEASE_METHODS_FORM
                + "> and -XepOpt:"
                + BASELINE
                + "=<"
                + BASELINE_FORM
                + ">");
      }
    }
    Set<String> release = new LinkedHashSet<>();
    Optional<String> methods = flags.get(RELEASE_METHODS);
    if (methods.isPresent()) {
      if (methods.get().isBlank()) {
        throw new IllegalArgumentException(
            "-XepOpt:"
                + RELEASE_METHODS
                + ": expected "
                + RELEASE_METHODS_FORM
                + ", found nothing");
      }
      for (String m : flags.getSetOrEmpty(RELEASE_METHODS)) {
        String method = m.strip();
        if (!METHOD.matcher(method).matches()) {
          throw new IllegalArgumentException(
              "-XepOpt:"
                  + RELEASE_METHODS
                  + ": '"
                  + method
                  + "' is not a method; expected "
                  + RELEASE_METHODS_FORM);
        }
        release.add(method);
      }
    }
    Optional<Baseline> baseline = Optional.empty();
    Optional<String> file = flags.get(BASELINE);
    if (file.isPresent()) {
      if (file.get().isBlank()) {
        throw new IllegalArgumentException(
            "-XepOpt:" + BASELINE + ": expected " + BASELINE_FORM + ", found nothing");
      }
      try {
        baseline = Optional.of(Baseline.read(Path.of(file.get())));
      } catch (Baseline.BaselineException | java.nio.file.InvalidPathException e) {
        throw new IllegalArgumentException(
            "-XepOpt:" + BASELINE + ": " + e.getMessage() + " (expected " + BASELINE_FORM + ")", e);
      }
    }
    return new OverlapcheckConfig(new ApiModel(Set.copyOf(release)), baseline);
  }

  ApiModel api() {
    return api;
  }

  /** The findings not to report, when a baseline file is given. */
  Optional<Baseline> baseline() {
    return baseline;
  }
}
