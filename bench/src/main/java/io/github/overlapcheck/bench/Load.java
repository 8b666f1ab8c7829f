package io.github.overlapcheck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The machine's load, recorded with every measurement (the machine may be shared): the load average
 * and, on a virtual machine, the share of CPU time the host gave to others (steal) since the
 * previous record.
 */
final class Load {
  private Load() {}

  /** The CPU counters of /proc/stat at the previous record: total and steal. */
  private static long[] last;

  static String now() {
    try {
      try (java.util.Scanner f =
          new java.util.Scanner(Files.readString(Path.of("/proc/loadavg")))) {
        return "load average " + f.next() + ", " + f.next() + ", " + f.next() + steal();
      }
    } catch (IOException | RuntimeException e) {
      return String.format(
          Locale.ROOT,
          "load average %.2f",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /**
   * "; steal N%": the host's share of this machine's CPU time since the previous record (empty the
   * first time, or where /proc/stat has no steal counter).
   */
  private static synchronized String steal() throws IOException {
    String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
    List<Long> counters = new ArrayList<>();
    try (java.util.Scanner f = new java.util.Scanner(cpu)) {
      if (!f.next().equals("cpu")) {
        return "";
      }
      while (f.hasNextLong()) {
        counters.add(f.nextLong());
      }
    }
    if (counters.size() < 8) {
      return "";
    }
    long total = 0;
    // user nice system idle iowait irq softirq steal (guest time is counted in user already)
    for (int i = 0; i < 8; i++) {
      total += counters.get(i);
    }
    long[] now = {total, counters.get(7)};
    long[] before = last;
    last = now;
    if (before == null || now[0] <= before[0]) {
      return "";
    }
    return String.format(
        Locale.ROOT, "; steal %.0f%%", 100.0 * (now[1] - before[1]) / (now[0] - before[0]));
  }

  static int cpus() {
    return Runtime.getRuntime().availableProcessors();
  }
}
