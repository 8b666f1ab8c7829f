package io.github.overlapcheck.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fingerprints of findings that stay the same across unrelated edits, computed the same way by the
 * plugin and the scanner: from the rule, the file's path below its package root, the enclosing
 * class and method (by syntax, not by symbols), the message with its whitespace and numbers
 * normalized, and the finding's rank among findings with all of those equal in the same method.
 * Line numbers are not part of it, so code added above a finding does not change it.
 */
public final class Fingerprints {
  /** The version of the recipe, in every fingerprint's input: a new recipe makes new prints. */
  private static final String RECIPE = "overlapcheck-fingerprint-v1";

  private static final Pattern SPACE = Pattern.compile("\\s+");
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  private Fingerprints() {}

  /**
   * Where a method is, as both front ends name it.
   *
   * @param file the source file's path below its package root, with '/' ({@code
   *     com/example/Pipe.java}; just the file name in the default package)
   * @param enclosingClass the simple names of the enclosing classes, outermost first, joined with
   *     '.'; an anonymous class is {@code <anonymous>}
   * @param method the method's name ({@code <init>} for a constructor), '/', its parameter count
   */
  public record Site(String file, String enclosingClass, String method) {}

  /** A finding of one method: its rule, message, and where it is reported (for the order). */
  public record Located(String rule, String message, long line, long column) {}

  /** The package-relative path of a file in {@code packageName} ("" for the default package). */
  public static String file(String packageName, String fileName) {
    return packageName.isEmpty() ? fileName : packageName.replace('.', '/') + "/" + fileName;
  }

  /** {@code name/arity}, the method part of a {@link Site}. */
  public static String method(String name, int parameters) {
    return name + "/" + parameters;
  }

  /**
   * The class part of a {@link Site}, from the enclosing classes' simple names ("" = anonymous).
   */
  public static String enclosingClass(List<String> simpleNamesOutermostFirst) {
    List<String> names = new ArrayList<>();
    for (String n : simpleNamesOutermostFirst) {
      names.add(n.isEmpty() ? "<anonymous>" : n);
    }
    return String.join(".", names);
  }

  /** The message as it enters the fingerprint: whitespace collapsed, numbers replaced by "0". */
  public static String normalize(String message) {
    String collapsed = SPACE.matcher(message.strip()).replaceAll(" ");
    return NUMBER.matcher(collapsed).replaceAll("0");
  }

  /**
   * The fingerprints of all findings of one method, in the order given. Findings whose rule and
   * normalized message are equal are told apart by their rank in source order.
   */
  public static List<String> of(Site site, List<Located> findings) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      order.add(i);
    }
    order.sort(
        Comparator.<Integer>comparingLong(i -> findings.get(i).line())
            .thenComparingLong(i -> findings.get(i).column()));
    Map<String, Integer> seen = new HashMap<>();
    String[] prints = new String[findings.size()];
    for (int i : order) {
      Located f = findings.get(i);
      String key = f.rule() + "\u0000" + normalize(f.message());
      int rank = seen.merge(key, 1, Integer::sum) - 1;
      prints[i] =
          hash(
              String.join(
                  "\u0000",
                  RECIPE,
                  f.rule(),
                  site.file(),
                  site.enclosingClass(),
                  site.method(),
                  normalize(f.message()),
                  Integer.toString(rank)));
    }
    return List.of(prints);
  }

  private static String hash(String input) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 16; i++) {
        hex.append(String.format(Locale.ROOT, "%02x", digest[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
