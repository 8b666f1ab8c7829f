package io.github.overlapcheck.scanner.javaparser;

import com.google.common.base.Splitter;
import io.github.overlapcheck.api.StructureSync;
import io.github.overlapcheck.api.TypeShape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Types by name: resolves names as written against a file's imports, the scanned sources ({@link
 * SourceIndex}) and the {@link WellKnown} library types, and classifies them as the API model does
 * ({@link TypeShape}), in the same order as the javac front end.
 */
final class Types {
  private final SourceIndex index;

  /** Supertypes of types outside the sources, learned from the symbol solver. */
  private final java.util.Map<String, List<String>> learned = new java.util.HashMap<>();

  Types(SourceIndex index) {
    this.index = index;
  }

  boolean knows(String qualified) {
    return index.type(qualified).isPresent()
        || WellKnown.SUPERTYPES.containsKey(qualified)
        || learned.containsKey(qualified);
  }

  void learn(String qualified, List<String> supertypes) {
    learned.put(qualified, supertypes);
  }

  SourceIndex index() {
    return index;
  }

  /** A type as written ({@code WinBase.OVERLAPPED[]}), in a file, inside a type (if any). */
  TypeRef resolve(String written, FileContext ctx, Optional<String> enclosing) {
    String text = written.strip();
    int dims = 0;
    while (text.endsWith("[]")) {
      dims++;
      text = text.substring(0, text.length() - 2).strip();
    }
    if (text.endsWith("...")) {
      dims++;
      text = text.substring(0, text.length() - 3);
    }
    if (text.isEmpty() || text.equals("var")) {
      return TypeRef.UNKNOWN;
    }
    if (TypeRef.primitiveName(text)) {
      return new TypeRef(text, dims);
    }
    Optional<String> q = qualify(text, ctx, enclosing);
    return new TypeRef(q.orElse(text), dims);
  }

  /** The qualified name of a (possibly dotted) type name, if it can be told. */
  Optional<String> qualify(String name, FileContext ctx, Optional<String> enclosing) {
    int dot = name.indexOf('.');
    if (dot < 0) {
      return qualifySimple(name, ctx, enclosing);
    }
    String first = name.substring(0, dot);
    Optional<String> head = qualifySimple(first, ctx, enclosing);
    if (head.isPresent()) {
      String q = head.get();
      for (String member : Splitter.on('.').split(name.substring(dot + 1))) {
        q = member(q, member);
      }
      return Optional.of(q);
    }
    // A qualified name: package, then types.
    String[] parts = Splitter.on('.').splitToList(name).toArray(new String[0]);
    StringBuilder pkg = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      String candidate = pkg.length() == 0 ? parts[i] : pkg + "." + parts[i];
      if (known(candidate)) {
        String q = candidate;
        for (int j = i + 1; j < parts.length; j++) {
          q = member(q, parts[j]);
        }
        return Optional.of(q);
      }
      pkg.setLength(0);
      pkg.append(candidate);
    }
    return Optional.of(name);
  }

  /** A member type of a type: declared there, or inherited (for the well-known ones). */
  private String member(String owner, String member) {
    String direct = owner + "." + member;
    if (known(direct)) {
      return direct;
    }
    for (String s : ancestors(owner)) {
      if (known(s + "." + member)) {
        return s + "." + member;
      }
    }
    return WellKnown.inheritedMember(owner, member).orElse(direct);
  }

  private boolean known(String qualified) {
    return knows(qualified);
  }

  private Optional<String> qualifySimple(String name, FileContext ctx, Optional<String> enclosing) {
    // Member types of the enclosing types (and of their supertypes), innermost first.
    Optional<String> outer = enclosing;
    while (outer.isPresent()) {
      String candidate = outer.get() + "." + name;
      if (known(candidate)) {
        return Optional.of(candidate);
      }
      for (String s : ancestors(outer.get())) {
        if (known(s + "." + name)) {
          return Optional.of(s + "." + name);
        }
      }
      if (outer.get().endsWith("." + name) || outer.get().equals(name)) {
        return outer;
      }
      outer = index.type(outer.get()).flatMap(t -> t.enclosing);
    }
    String single = ctx.singleTypes.get(name);
    if (single != null) {
      return Optional.of(single);
    }
    String samePackage = ctx.packageName.isEmpty() ? name : ctx.packageName + "." + name;
    if (index.type(samePackage).isPresent()) {
      return Optional.of(samePackage);
    }
    for (String p : ctx.onDemand) {
      if (known(p + "." + name)) {
        return Optional.of(p + "." + name);
      }
    }
    return ctx.wellKnown(name);
  }

  /** Every supertype of a qualified type that the scanner knows, nearest first. */
  List<String> ancestors(String qualified) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Deque<String> work = new ArrayDeque<>();
    work.add(qualified);
    seen.add(qualified);
    while (!work.isEmpty()) {
      String t = work.poll();
      for (String s : directSupertypes(t)) {
        if (seen.add(s)) {
          out.add(s);
          work.add(s);
        }
      }
    }
    return out;
  }

  /** The direct supertypes, superclass first when known. */
  List<String> directSupertypes(String qualified) {
    Optional<SourceIndex.TypeInfo> source = index.type(qualified);
    if (source.isPresent()) {
      List<String> out = new ArrayList<>();
      for (String s : source.get().supertypes) {
        // Resolved in the type's own file, from the type's enclosing type (not the type itself).
        resolveSuper(s, source.get()).ifPresent(out::add);
      }
      return out;
    }
    List<String> l = learned.get(qualified);
    if (l != null) {
      return l;
    }
    return WellKnown.SUPERTYPES.getOrDefault(qualified, List.of());
  }

  private final Set<String> resolving = new HashSet<>();

  private Optional<String> resolveSuper(String written, SourceIndex.TypeInfo t) {
    String key = t.qualifiedName + "<" + written;
    if (!resolving.add(key)) {
      return Optional.empty();
    }
    try {
      return qualify(written, t.context, t.enclosing);
    } finally {
      resolving.remove(key);
    }
  }

  boolean isSubtype(TypeRef type, String qualified) {
    if (type.isUnknown() || type.isArray()) {
      return false;
    }
    return type.name().equals(qualified) || ancestors(type.name()).contains(qualified);
  }

  /** As the javac front end classifies a type, in the same order. */
  TypeShape shape(TypeRef type) {
    if (type.isUnknown()) {
      return TypeShape.UNKNOWN;
    }
    if (type.isArray()) {
      return type.dimensions() == 1 && type.name().equals("byte")
          ? TypeShape.BYTE_ARRAY
          : TypeShape.OTHER_ARRAY;
    }
    switch (type.name()) {
      case "boolean" -> {
        return TypeShape.BOOLEAN;
      }
      case "int", "long", "short", "byte", "char" -> {
        return TypeShape.INTEGRAL;
      }
      case "float", "double", "void" -> {
        return TypeShape.UNKNOWN;
      }
      default -> {}
    }
    List<String> all = new ArrayList<>();
    all.add(type.name());
    all.addAll(ancestors(type.name()));
    if (all.contains("java.nio.ByteBuffer")) {
      return TypeShape.BYTE_BUFFER;
    }
    if (all.contains(WellKnown.JNA + "Structure")
        || all.contains(WellKnown.RUNTIME + "Structure")) {
      return TypeShape.STRUCTURE;
    }
    if (all.contains(WellKnown.JNA + "Pointer")
        || all.contains(WellKnown.RUNTIME + "Pointer")
        || all.contains("java.lang.foreign.MemorySegment")) {
      return TypeShape.POINTER;
    }
    if (all.contains(WellKnown.JNA + "ptr.ByReference")
        || type.simpleName().endsWith("ByReference")) {
      return TypeShape.BY_REFERENCE;
    }
    for (String t : superclassChain(type.name())) {
      if (t.substring(t.lastIndexOf('.') + 1).equals("HANDLE")) {
        return TypeShape.HANDLE;
      }
    }
    if (type.name().equals("java.lang.String")) {
      return TypeShape.STRING;
    }
    return TypeShape.OBJECT;
  }

  /**
   * Whether instances of {@code type} write their Java fields before each native call: it is, or
   * extends, a class known to (see {@link StructureSync}), through classes declared in the scanned
   * sources that do not turn that off.
   */
  boolean keepsAutoWrite(TypeRef type) {
    if (type.isUnknown() || type.isArray()) {
      return false;
    }
    for (String t : superclassChain(type.name())) {
      if (StructureSync.KEEPS_AUTO_WRITE.contains(t)) {
        return true;
      }
      Optional<SourceIndex.TypeInfo> source = index.type(t);
      if (source.isEmpty() || source.get().mayTurnOffAutoWrite) {
        return false;
      }
    }
    return false;
  }

  /** The type and its superclasses (first supertypes of classes), as far as known. */
  private List<String> superclassChain(String qualified) {
    List<String> chain = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String t = qualified;
    while (t != null && seen.add(t)) {
      chain.add(t);
      Optional<SourceIndex.TypeInfo> source = index.type(t);
      if (source.isPresent() && source.get().isInterface) {
        break;
      }
      List<String> supers = directSupertypes(t);
      t = supers.isEmpty() ? null : supers.get(0);
    }
    return chain;
  }

  /** A field of a type or its supertypes, declared in the scanned sources. */
  Optional<SourceIndex.FieldInfo> field(String owner, String name) {
    List<String> all = new ArrayList<>();
    all.add(owner);
    all.addAll(ancestors(owner));
    for (String t : all) {
      Optional<SourceIndex.FieldInfo> f = index.type(t).map(i -> i.fields.get(name));
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }

  /** Methods of a type (then of its supertypes) with this name and arity, from the sources. */
  List<SourceIndex.MethodInfo> methods(String owner, String name, int arity) {
    List<String> all = new ArrayList<>();
    all.add(owner);
    all.addAll(ancestors(owner));
    for (String t : all) {
      List<SourceIndex.MethodInfo> found = new ArrayList<>();
      index
          .type(t)
          .ifPresent(
              i -> {
                for (SourceIndex.MethodInfo m : i.methods.getOrDefault(name, List.of())) {
                  if (m.parameterTypes().size() == arity) {
                    found.add(m);
                  }
                }
              });
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  /** Resolves a type written in an indexed type's file. */
  TypeRef resolveIn(String written, SourceIndex.TypeInfo declaredIn) {
    return resolve(written, declaredIn.context, Optional.of(declaredIn.qualifiedName));
  }
}
