package io.github.overlapcheck.errorprone;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.ErrorProneFlags;
import io.github.overlapcheck.api.ApiModel;
import java.util.regex.Pattern;

/**
 * The plugin's flags, read and checked in one place: {@code
 * -XepOpt:Overlapcheck:ReleaseMethods=com.example.Pool#release,...} names methods that free native
 * memory (their first argument, or their receiver when they take none).
 */
final class OverlapcheckConfig {
  static final String RELEASE_METHODS = "Overlapcheck:ReleaseMethods";
  private static final Pattern METHOD =
      Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*#[A-Za-z_$][\\w$]*");

  private final ApiModel api;

  private OverlapcheckConfig(ApiModel api) {
    this.api = api;
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
    return new OverlapcheckConfig(new ApiModel(release));
  }

  ApiModel api() {
    return api;
  }
}
