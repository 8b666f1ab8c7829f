package io.github.overlapcheck.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Summary statistics for the reports: means with 95% confidence intervals, and percentiles. */
final class Stats {
  private Stats() {}

  /** Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond. */
  private static final double[] T95 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
    2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
    2.052, 2.048, 2.045, 2.042
  };

  static double t95(int degreesOfFreedom) {
    return degreesOfFreedom <= 0
        ? Double.NaN
        : degreesOfFreedom <= T95.length ? T95[degreesOfFreedom - 1] : 1.96;
  }

  static double mean(double[] xs) {
    double s = 0;
    for (double x : xs) {
      s += x;
    }
    return s / xs.length;
  }

  /** Half-width of the 95% confidence interval of the mean. */
  static double halfWidth(double[] xs) {
    if (xs.length < 2) {
      return Double.NaN;
    }
    double m = mean(xs);
    double ss = 0;
    for (double x : xs) {
      ss += (x - m) * (x - m);
    }
    return t95(xs.length - 1) * Math.sqrt(ss / (xs.length - 1) / xs.length);
  }

  /** A ratio of paired measurements: geometric mean of b/a with its 95% interval. */
  record Ratio(double ratio, double low, double high, int n) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.4fx (95%% CI %.4f to %.4f, n=%d)", ratio, low, high, n);
    }
  }

  static Ratio pairedRatio(List<double[]> pairs) {
    double[] logs = logRatios(pairs);
    double m = mean(logs);
    double h = halfWidth(logs);
    return new Ratio(Math.exp(m), Math.exp(m - h), Math.exp(m + h), logs.length);
  }

  /** Each pair's log(b/a). */
  static double[] logRatios(List<double[]> pairs) {
    double[] logs = new double[pairs.size()];
    for (int i = 0; i < logs.length; i++) {
      logs[i] = Math.log(pairs.get(i)[1] / pairs.get(i)[0]);
    }
    return logs;
  }

  /** The p-th percentile (0 to 100) by the nearest-rank method. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double[] sorted(double[] xs) {
    double[] c = xs.clone();
    Arrays.sort(c);
    return c;
  }

  static String meanCi(double[] xs, String unit) {
    return String.format(Locale.ROOT, "%.3f ± %.3f %s", mean(xs), halfWidth(xs), unit);
  }
}
