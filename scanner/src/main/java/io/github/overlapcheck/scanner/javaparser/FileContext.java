package io.github.overlapcheck.scanner.javaparser;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A source file's package and imports: how its simple names become qualified ones. */
final class FileContext {
  final String packageName;

  /** Single-type imports: simple name to qualified name. */
  final Map<String, String> singleTypes = new HashMap<>();

  /** On-demand imports: packages or types whose members are imported. */
  final List<String> onDemand = new ArrayList<>();

  /** Single static imports: member name to the qualified name of its type. */
  final Map<String, String> staticMembers = new HashMap<>();

  /** Static on-demand imports: types whose static members are imported. */
  final List<String> staticOnDemand = new ArrayList<>();

  FileContext(CompilationUnit cu) {
    packageName = cu.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
    for (ImportDeclaration i : cu.getImports()) {
      String name = i.getNameAsString();
      if (i.isStatic()) {
        if (i.isAsterisk()) {
          staticOnDemand.add(name);
        } else {
          int dot = name.lastIndexOf('.');
          if (dot > 0) {
            staticMembers.put(name.substring(dot + 1), name.substring(0, dot));
          }
        }
      } else if (i.isAsterisk()) {
        onDemand.add(name);
      } else {
        singleTypes.put(name.substring(name.lastIndexOf('.') + 1), name);
      }
    }
  }

  /** Whether the file imports from the reference runtime (which names types like JNA does). */
  boolean usesRuntime() {
    String runtime = WellKnown.RUNTIME.substring(0, WellKnown.RUNTIME.length() - 1);
    return packageName.startsWith(runtime)
        || singleTypes.values().stream().anyMatch(q -> q.startsWith(WellKnown.RUNTIME))
        || onDemand.stream().anyMatch(p -> p.equals(runtime) || p.startsWith(WellKnown.RUNTIME))
        || staticMembers.values().stream().anyMatch(q -> q.startsWith(WellKnown.RUNTIME));
  }

  /** The well-known library type a simple name stands for in this file, if any. */
  Optional<String> wellKnown(String simpleName) {
    List<String> candidates = WellKnown.candidates(simpleName);
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    for (String c : candidates) {
      String pkg = c.substring(0, c.lastIndexOf('.'));
      if (onDemand.contains(pkg)) {
        return Optional.of(c);
      }
    }
    if (candidates.size() > 1 && usesRuntime()) {
      for (String c : candidates) {
        if (c.startsWith(WellKnown.RUNTIME)) {
          return Optional.of(c);
        }
      }
    }
    return Optional.of(candidates.get(0));
  }
}
