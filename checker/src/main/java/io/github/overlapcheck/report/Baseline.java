package io.github.overlapcheck.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A baseline: the fingerprints (see {@link Fingerprints}) of findings accepted for now, so that
 * only new ones are reported. The file is plain text, so that the plugin needs no JSON library: a
 * comment header, then one fingerprint per line, optionally followed by whitespace and a
 * description that is ignored on reading. Blank lines and lines starting with '#' are comments.
 */
public final class Baseline {
  public static final String HEADER = "# overlapcheck baseline";

  private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{32}");

  private final Set<String> fingerprints;

  private Baseline(Set<String> fingerprints) {
    this.fingerprints = Set.copyOf(fingerprints);
  }

  /** One baselined finding: its fingerprint, and a description for people reading the file. */
  public record Entry(String fingerprint, String description) {}

  public boolean contains(String fingerprint) {
    return fingerprints.contains(fingerprint);
  }

  public int size() {
    return fingerprints.size();
  }

  /**
   * Reads a baseline file.
   *
   * @throws BaselineException if it is missing, unreadable, or not a baseline; the message says
   *     which file and what is wrong
   */
  public static Baseline read(Path file) throws BaselineException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new BaselineException("baseline file " + file + " does not exist");
    } catch (IOException e) {
      throw new BaselineException("cannot read baseline file " + file + ": " + describe(e));
    }
    Set<String> prints = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String first = line.split("\\s+", 2)[0];
      if (!FINGERPRINT.matcher(first).matches()) {
        throw new BaselineException(
            "baseline file "
                + file
                + ", line "
                + (i + 1)
                + ": expected a fingerprint (32 hexadecimal digits), found '"
                + (first.length() > 40 ? first.substring(0, 40) + "..." : first)
                + "'");
      }
      prints.add(first);
    }
    return new Baseline(prints);
  }

  /** Writes a baseline file with these entries, sorted, one per line. */
  public static void write(Path file, List<Entry> entries) throws BaselineException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(
        java.util.Comparator.comparing(Entry::fingerprint).thenComparing(Entry::description));
    StringBuilder out = new StringBuilder();
    out.append(HEADER).append('\n');
    out.append("# One fingerprint per line; findings with these fingerprints are not reported.\n");
    out.append(
        "# Written by overlapcheck scan --write-baseline; read by the scanner's --baseline\n");
    out.append("# and by the plugin's -XepOpt:Overlapcheck:Baseline=FILE. The text after a\n");
    out.append("# fingerprint only says what it was.\n");
    for (Entry e : sorted) {
      out.append(e.fingerprint());
      if (!e.description().isBlank()) {
        out.append("  ").append(e.description().replace('\n', ' ').replace('\r', ' '));
      }
      out.append('\n');
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BaselineException("cannot write baseline file " + file + ": " + describe(e));
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
  }

  /** A baseline file that cannot be read or written, or is not a baseline. */
  public static final class BaselineException extends Exception {
    private static final long serialVersionUID = 1L;

    public BaselineException(String message) {
      super(message);
    }
  }
}
