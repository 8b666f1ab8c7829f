package io.github.overlapcheck.bench;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import io.github.overlapcheck.scanner.javaparser.JavaFrontEnd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor for the scanner: read and parse every file under the given directories with JavaParser,
 * configured as the scanner configures it, and nothing else.
 */
public final class ParseOnly {
  private ParseOnly() {}

  public static void main(String[] args) throws IOException {
    JavaParser parser = new JavaParser(JavaFrontEnd.configuration());
    int files = 0;
    int failed = 0;
    for (String dir : args) {
      for (Path file : Corpus.of("parse", Path.of(dir), "").files()) {
        ParseResult<CompilationUnit> r =
            parser.parse(Files.readString(file, StandardCharsets.UTF_8));
        files++;
        if (!r.isSuccessful()) {
          failed++;
        }
      }
    }
    System.out.println("parsed " + files + " files, " + failed + " with problems");
  }
}
