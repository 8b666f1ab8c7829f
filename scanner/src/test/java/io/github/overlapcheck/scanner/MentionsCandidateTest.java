package io.github.overlapcheck.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.overlapcheck.api.Win32Function;
import io.github.overlapcheck.scanner.javaparser.JavaFrontEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The text filter that decides which files are analysed: a hand-written scan that must find exactly
 * what the identifier pattern it replaced finds.
 */
class MentionsCandidateTest {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

  /** The filter as it was: every match of the pattern, looked up. */
  private static boolean reference(String text) {
    Matcher m = IDENTIFIER.matcher(text);
    while (m.find()) {
      if (Win32Function.isCandidateName(m.group())) {
        return true;
      }
    }
    return false;
  }

  @Test
  void nearNames() {
    List<String> found =
        List.of(
            "k.ReadFile(h)",
            "ReadFile",
            "9ReadFile",
            "x.CreateFileW(",
            "CreateFileA",
            "\u00e9ReadFile",
            "ReadFile\u00e9",
            "/* GetLastError */",
            "\"CloseHandle\"",
            "12GetLastError");
    List<String> notFound =
        List.of(
            "",
            "readFile",
            "xReadFile",
            "ReadFileX",
            "ReadFileW",
            "ReadFile_",
            "$ReadFile",
            "ReadFile$",
            "_CloseHandle",
            "CloseHandle9",
            "CreateFileAW",
            "SetEventW",
            "Read File");
    for (String s : found) {
      assertTrue(reference(s), s);
      assertTrue(JavaFrontEnd.mentionsCandidate(s), s);
    }
    for (String s : notFound) {
      assertFalse(reference(s), s);
      assertFalse(JavaFrontEnd.mentionsCandidate(s), s);
    }
  }

  @Test
  void sameAnswerOnSourcesAndTheirPieces() throws IOException {
    List<Path> files = new ArrayList<>(Sources.javaFiles(Sources.SAMPLES));
    files.addAll(Sources.javaFiles(Sources.CORPUS));
    Random random = new Random(7);
    int withCandidate = 0;
    int checked = 0;
    for (Path f : files) {
      String text = Files.readString(f);
      assertEquals(reference(text), JavaFrontEnd.mentionsCandidate(text), f.toString());
      for (int k = 0; k < 20; k++) {
        int a = random.nextInt(text.length() + 1);
        int b = a + random.nextInt(Math.min(200, text.length() - a) + 1);
        String piece = text.substring(a, b);
        boolean expected = reference(piece);
        assertEquals(
            expected, JavaFrontEnd.mentionsCandidate(piece), f + " [" + a + ", " + b + ")");
        withCandidate += expected ? 1 : 0;
        checked++;
      }
    }
    // Both answers must occur often for the comparison to mean anything.
    assertTrue(withCandidate > checked / 20 && withCandidate < checked - checked / 20);
  }
}
