package io.github.overlapcheck.scanner;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the Java sources under the paths given: files named on the command line, and every {@code
 * .java} file under the directories, following symbolic links. Directories whose name starts with
 * '.' are skipped. A path that does not exist, a directory that cannot be listed and a symbolic
 * link back to an enclosing directory are each reported once and skipped; the walk goes on.
 */
public final class SourceWalker {
  /**
   * Lists a directory. Tests replace it to make a directory unreadable (chmod does not stop root).
   */
  @FunctionalInterface
  public interface Lister {
    List<Path> list(Path dir) throws IOException;
  }

  /**
   * A source file: the root it was found under (a path given, or a file's directory), and itself.
   */
  public record Source(Path root, Path file) {}

  public static final Lister FILE_SYSTEM =
      dir -> {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
          for (Path p : s) {
            entries.add(p);
          }
        }
        return entries;
      };

  private final Lister lister;

  public SourceWalker(Lister lister) {
    this.lister = lister;
  }

  public List<Source> walk(List<Path> paths, Consumer<Problem> problems) {
    List<Source> out = new ArrayList<>();
    Set<Path> seenFiles = new HashSet<>();
    Set<Path> seenDirs = new HashSet<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        problems.accept(
            new Problem(
                path,
                Files.isSymbolicLink(path) ? "broken symbolic link" : "no such file or directory",
                Problem.Kind.MISSING_PATH));
        continue;
      }
      if (Files.isRegularFile(path)) {
        if (!path.getFileName().toString().endsWith(".java")) {
          problems.accept(new Problem(path, "not a .java file; skipped", Problem.Kind.SKIPPED));
          continue;
        }
        if (seenFiles.add(realOrSelf(path))) {
          out.add(new Source(path.getParent() == null ? Path.of("") : path.getParent(), path));
        }
        continue;
      }
      walkDirectory(path, out, seenFiles, seenDirs, problems);
    }
    return out;
  }

  private record Pending(Path dir, Set<Path> enclosing) {}

  private void walkDirectory(
      Path root,
      List<Source> out,
      Set<Path> seenFiles,
      Set<Path> seenDirs,
      Consumer<Problem> problems) {
    Deque<Pending> work = new ArrayDeque<>();
    Path rootReal = realOrSelf(root);
    if (!seenDirs.add(rootReal)) {
      return;
    }
    work.push(new Pending(root, Set.of(rootReal)));
    while (!work.isEmpty()) {
      Pending p = work.pop();
      List<Path> entries;
      try {
        entries = new ArrayList<>(lister.list(p.dir()));
      } catch (AccessDeniedException e) {
        problems.accept(
            new Problem(
                p.dir(), "cannot read directory: permission denied", Problem.Kind.UNREADABLE));
        continue;
      } catch (IOException | RuntimeException e) {
        problems.accept(
            new Problem(p.dir(), "cannot read directory: " + describe(e), Problem.Kind.UNREADABLE));
        continue;
      }
      entries.sort(null);
      List<Pending> subdirectories = new ArrayList<>();
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (Files.isDirectory(entry)) {
          if (name.startsWith(".")) {
            continue;
          }
          Path real = realOrSelf(entry);
          if (p.enclosing().contains(real)) {
            problems.accept(
                new Problem(
                    entry,
                    "symbolic link loop: it leads back to enclosing directory "
                        + real
                        + "; skipped",
                    Problem.Kind.LINK_LOOP));
            continue;
          }
          if (!seenDirs.add(real)) {
            // The same directory reached again through another link: scanned once.
            continue;
          }
          Set<Path> enclosing = new HashSet<>(p.enclosing());
          enclosing.add(real);
          subdirectories.add(new Pending(entry, enclosing));
        } else if (name.endsWith(".java") && Files.isRegularFile(entry)) {
          if (seenFiles.add(realOrSelf(entry))) {
            out.add(new Source(root, entry));
          }
        } else if (Files.isSymbolicLink(entry) && !Files.exists(entry)) {
          if (name.endsWith(".java")) {
            problems.accept(new Problem(entry, "broken symbolic link", Problem.Kind.MISSING_PATH));
          }
        }
      }
      for (int i = subdirectories.size() - 1; i >= 0; i--) {
        work.push(subdirectories.get(i));
      }
    }
  }

  private static Path realOrSelf(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  static String describe(Exception e) {
    String m = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return m == null || m.isBlank() ? kind : kind + " (" + m + ")";
  }
}
