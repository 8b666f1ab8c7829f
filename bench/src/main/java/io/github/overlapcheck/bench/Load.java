package io.github.overlapcheck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine's load average, recorded with every measurement (the machine may be shared). */
final class Load {
  private Load() {}

  static String now() {
    try {
      try (java.util.Scanner f =
          new java.util.Scanner(Files.readString(Path.of("/proc/loadavg")))) {
        return "load average " + f.next() + ", " + f.next() + ", " + f.next();
      }
    } catch (IOException | RuntimeException e) {
      return String.format(
          Locale.ROOT,
          "load average %.2f",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  static int cpus() {
    return Runtime.getRuntime().availableProcessors();
  }
}
