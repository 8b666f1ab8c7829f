package io.github.overlapcheck.scanner.javaparser;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import io.github.overlapcheck.api.StructureSync;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the scanned sources declare, without keeping their trees: each type's supertypes, fields and
 * methods, with types as written and the file context to resolve them in. The scanner's types
 * without a classpath come from here and from {@link WellKnown}.
 */
final class SourceIndex {
  /** A field: its type as written, and its initializer's text when it may be a constant. */
  record FieldInfo(
      String name,
      String type,
      boolean isStatic,
      boolean isFinal,
      Optional<String> constantInitializer,
      TypeInfo owner) {}

  /** A method: its parameter types and return type as written. */
  record MethodInfo(
      String name,
      List<String> parameterTypes,
      String returnType,
      boolean isStatic,
      TypeInfo owner,
      boolean throwsLastError) {}

  /** A type declared in the scanned sources. */
  static final class TypeInfo {
    final String qualifiedName;
    final boolean isInterface;
    final List<String> supertypes = new ArrayList<>();
    final FileContext context;
    final Optional<String> enclosing;
    final Map<String, FieldInfo> fields = new HashMap<>();
    final Map<String, List<MethodInfo>> methods = new HashMap<>();

    /**
     * Whether its code may turn JNA's automatic write off (see {@link #mayTurnOffAutoWrite}); only
     * worked out for classes that extend another, false for the rest.
     */
    boolean mayTurnOffAutoWrite;

    TypeInfo(
        String qualifiedName,
        boolean isInterface,
        FileContext context,
        Optional<String> enclosing) {
      this.qualifiedName = qualifiedName;
      this.isInterface = isInterface;
      this.context = context;
      this.enclosing = enclosing;
    }
  }

  private final Map<String, TypeInfo> types = new HashMap<>();
  private final Set<String> packages = new HashSet<>();

  Optional<TypeInfo> type(String qualifiedName) {
    return Optional.ofNullable(types.get(qualifiedName));
  }

  boolean isPackage(String name) {
    return packages.contains(name);
  }

  /** Adds what a parsed file declares (its top-level and member types, not local ones). */
  void add(CompilationUnit cu) {
    FileContext ctx = new FileContext(cu);
    String pkg = ctx.packageName;
    if (!pkg.isEmpty()) {
      Iterable<String> parts = com.google.common.base.Splitter.on('.').split(pkg);
      StringBuilder prefix = new StringBuilder();
      for (String part : parts) {
        prefix.append(prefix.length() == 0 ? "" : ".").append(part);
        packages.add(prefix.toString());
      }
    }
    for (TypeDeclaration<?> t : cu.getTypes()) {
      add(t, pkg.isEmpty() ? t.getNameAsString() : pkg + "." + t.getNameAsString(), ctx, null);
    }
  }

  private void add(TypeDeclaration<?> t, String qualified, FileContext ctx, String enclosing) {
    boolean isInterface =
        (t instanceof ClassOrInterfaceDeclaration c && c.isInterface())
            || t.isAnnotationDeclaration();
    TypeInfo info = new TypeInfo(qualified, isInterface, ctx, Optional.ofNullable(enclosing));
    if (t instanceof ClassOrInterfaceDeclaration c) {
      // Only a class that extends another can stand between a created Structure and a class known
      // to keep the automatic write (Types.keepsAutoWrite): the others need not be walked.
      info.mayTurnOffAutoWrite =
          !c.isInterface() && !c.getExtendedTypes().isEmpty() && mayTurnOffAutoWrite(c);
      for (ClassOrInterfaceType s : c.getExtendedTypes()) {
        info.supertypes.add(typeText(s));
      }
      for (ClassOrInterfaceType s : c.getImplementedTypes()) {
        info.supertypes.add(typeText(s));
      }
    } else if (t instanceof EnumDeclaration e) {
      for (ClassOrInterfaceType s : e.getImplementedTypes()) {
        info.supertypes.add(typeText(s));
      }
    } else if (t instanceof RecordDeclaration r) {
      for (ClassOrInterfaceType s : r.getImplementedTypes()) {
        info.supertypes.add(typeText(s));
      }
      for (Parameter p : r.getParameters()) {
        info.fields.put(
            p.getNameAsString(),
            new FieldInfo(
                p.getNameAsString(), typeText(p.getType()), false, true, Optional.empty(), info));
      }
    }
    types.put(qualified, info);
    for (BodyDeclaration<?> member : t.getMembers()) {
      if (member instanceof FieldDeclaration f) {
        boolean isStatic = isInterface || f.isStatic();
        boolean isFinal = isInterface || f.isFinal();
        for (VariableDeclarator v : f.getVariables()) {
          Optional<String> init =
              isFinal && constantType(v.getType())
                  ? v.getInitializer().map(Node::toString)
                  : Optional.empty();
          info.fields.put(
              v.getNameAsString(),
              new FieldInfo(
                  v.getNameAsString(), typeText(v.getType()), isStatic, isFinal, init, info));
        }
      } else if (member instanceof MethodDeclaration m) {
        info.methods
            .computeIfAbsent(m.getNameAsString(), k -> new ArrayList<>())
            .add(
                new MethodInfo(
                    m.getNameAsString(),
                    parameterTypes(m),
                    typeText(m.getType()),
                    m.isStatic(),
                    info,
                    m.getThrownExceptions().stream()
                        .anyMatch(x -> WellKnown.isLastErrorException(x.asString()))));
      } else if (member instanceof TypeDeclaration<?> nested) {
        add(nested, qualified + "." + nested.getNameAsString(), ctx, qualified);
      }
    }
  }

  /**
   * A type that overrides a method JNA writes a Structure through, or calls setAutoSynch or
   * setAutoWrite with anything but {@code true}, anywhere in its body (as the javac front end
   * decides it).
   */
  private static boolean mayTurnOffAutoWrite(TypeDeclaration<?> t) {
    return t.stream().anyMatch(SourceIndex::mayTurnOffAutoWriteAt);
  }

  private static boolean mayTurnOffAutoWriteAt(Node n) {
    if (n instanceof MethodDeclaration m) {
      return StructureSync.WRITE_METHODS.contains(m.getNameAsString());
    }
    return n instanceof MethodCallExpr call
        && StructureSync.AUTO_WRITE_SETTERS.contains(call.getNameAsString())
        && !(call.getArguments().size() == 1
            && call.getArgument(0) instanceof BooleanLiteralExpr b
            && b.getValue());
  }

  static List<String> parameterTypes(CallableDeclaration<?> m) {
    List<String> params = new ArrayList<>();
    for (Parameter p : m.getParameters()) {
      params.add(typeText(p.getType()) + (p.isVarArgs() ? "[]" : ""));
    }
    return params;
  }

  /**
   * A type as written, without annotations or type arguments ({@code Map<K, V>} is {@code Map}).
   */
  static String typeText(com.github.javaparser.ast.type.Type type) {
    StringBuilder out = new StringBuilder();
    String s = type.asString();
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
      } else if (depth == 0 && !Character.isWhitespace(c)) {
        out.append(c);
      }
    }
    String text = out.toString();
    // Annotations on the type: drop "@Foo" parts (most types have none: no regex for those).
    return text.indexOf('@') < 0 ? text : TYPE_ANNOTATION.matcher(text).replaceAll("");
  }

  private static final Pattern TYPE_ANNOTATION = Pattern.compile("@[\\w.]+(\\([^)]*\\))?");

  private static boolean constantType(com.github.javaparser.ast.type.Type type) {
    String t = typeText(type);
    return TypeRef.primitiveName(t) || t.equals("String") || t.equals("java.lang.String");
  }

  /** Whether the modifiers include {@code static}, counting interface members. */
  static boolean isStatic(BodyDeclaration<?> member, boolean inInterface) {
    if (inInterface && member instanceof FieldDeclaration) {
      return true;
    }
    return member
            instanceof com.github.javaparser.ast.nodeTypes.modifiers.NodeWithStaticModifier<?> s
        && s.isStatic();
  }

  static boolean hasModifier(
      com.github.javaparser.ast.nodeTypes.NodeWithModifiers<?> n, Modifier.Keyword keyword) {
    return n.hasModifier(keyword);
  }
}
