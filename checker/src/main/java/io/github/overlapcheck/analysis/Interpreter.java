package io.github.overlapcheck.analysis;

import static java.util.stream.Collectors.toSet;

import io.github.overlapcheck.api.Binding;
import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.api.Role;
import io.github.overlapcheck.api.StructureSync;
import io.github.overlapcheck.api.TypeShape;
import io.github.overlapcheck.api.Win32Constant;
import io.github.overlapcheck.ir.Expr;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The transfer functions: what evaluating an expression does to the abstract state. Rules are told
 * about events only when {@code rules} is set (the reporting pass, after the fixpoint).
 */
final class Interpreter {
  private static final long FILE_FLAG_OVERLAPPED = Win32Constant.FILE_FLAG_OVERLAPPED.value();
  private static final long ERROR_IO_PENDING = Win32Constant.ERROR_IO_PENDING.value();
  private static final long ERROR_SUCCESS = Win32Constant.ERROR_SUCCESS.value();
  private static final Set<String> ALLOCATORS =
      Set.of("LocalAlloc", "GlobalAlloc", "HeapAlloc", "VirtualAlloc", "malloc");

  /** Types whose setters write native memory (Pointer.setInt(16, ...) may set an Offset). */
  private static final Set<String> MEMORY_TYPES =
      Set.of(
          "com.sun.jna.Pointer",
          "com.sun.jna.Memory",
          "io.github.overlapcheck.runtime.Pointer",
          "io.github.overlapcheck.runtime.Memory",
          "java.lang.foreign.MemorySegment");

  private static final Set<String> BUFFER_TYPES = Set.of("java.nio.ByteBuffer", "java.nio.Buffer");

  /** ByteBuffer methods that return the buffer they are called on, or a view of its memory. */
  private static final Set<String> SAME_BUFFER =
      Set.of(
          "order",
          "put",
          "putChar",
          "putShort",
          "putInt",
          "putLong",
          "putFloat",
          "putDouble",
          "flip",
          "clear",
          "position",
          "limit",
          "rewind",
          "mark",
          "reset",
          "compact",
          "slice",
          "duplicate",
          "asReadOnlyBuffer");

  /** The member under which class facts learn of setAutoSynch(false)/setAutoWrite(false). */
  static final String AUTO_WRITE_OFF = "autoWrite=false";

  private static final Set<String> ARENA_TYPES =
      Set.of("io.github.overlapcheck.runtime.Arena", "java.lang.foreign.Arena");

  private final List<Rule> rules;
  private final Rule.Reporter reporter;
  private final FieldEvents fieldEvents;
  private boolean reporting;

  /** What the methods of a class do to its fields (for class facts). */
  interface FieldEvents {
    void stored(String field, Obj facts);

    void bound(String field);

    void skipModeSet(String field);

    /** {@code this.field.member = value}, for OVERLAPPED members (hEvent, Offset, OffsetHigh). */
    void memberSet(String field, String member, boolean toNull);

    /** {@code this.field.hEvent = this.event}: an event the class keeps in a field of its own. */
    default void fieldEventSet(String field, Set<String> events) {}
  }

  private final Map<String, String> names;

  /** Analyses same-class helpers in place of a call (one level deep), if set. */
  interface Inliner {
    /**
     * Analyses the helper {@code call} stands for in place, if it can; the states in which it
     * throws go to {@code onThrow}.
     */
    Optional<Val> inline(
        Expr.Call call, Val[] args, State s, boolean reporting, Consumer<State> onThrow);

    /**
     * Reports what the rules that care about threads find in a lambda that runs on another thread,
     * from the state where it is created (its effects do not come back).
     */
    default void runElsewhere(Expr.Lambda lambda, State s) {}
  }

  private Inliner inliner;

  /** In a helper analysed in place: where its exits go instead of the rules. */
  private List<Object[]> exits;

  void setInliner(Inliner inliner) {
    this.inliner = inliner;
  }

  /** Makes this the interpreter of an inlined helper: its exits are collected, not reported. */
  void collectExits(List<Object[]> exits) {
    this.exits = exits;
  }

  Interpreter(
      List<Rule> rules,
      Rule.Reporter reporter,
      FieldEvents fieldEvents,
      Map<String, String> names) {
    this.rules = rules;
    this.reporter = reporter;
    this.fieldEvents = fieldEvents;
    this.names = names;
  }

  /**
   * Evaluates {@code e}; a boolean condition kept in a local or returned by a helper ({@code
   * mustWait = !ok && err != ERROR_NO_DATA}) also becomes a flag: what each of its values says of
   * the operations, as a branch on it right here would tell.
   */
  Val evalCondition(Expr e, State s) {
    if (!isCondition(e) || s.ops.size() > MAX_CONDITION_OPS) {
      return eval(e, s);
    }
    State pre = s.copy();
    Val v = eval(e, s);
    boolean wasReporting = reporting;
    reporting = false;
    State[] sides;
    try {
      sides = branch(e, pre.copy());
    } finally {
      reporting = wasReporting;
    }
    // With the operations the condition starts itself (ok = ReadFile(...) || ... == PENDING):
    // the same calls, with the same ids, as in the state the condition was evaluated in.
    Set<Integer> keys = new HashSet<>(pre.ops.keySet());
    for (State side : sides) {
      if (side != null) {
        keys.addAll(side.ops.keySet());
      }
    }
    if (keys.isEmpty() || keys.size() > MAX_CONDITION_OPS) {
      return v;
    }
    Val.Flag flag =
        new Val.Flag(
            holding(sides[0], keys, Op::mayBePending),
            holding(sides[1], keys, Op::mayBePending),
            holding(sides[0], keys, o -> o.outcome.contains(Outcome.FAILED)),
            holding(sides[1], keys, o -> o.outcome.contains(Outcome.FAILED)),
            falseTaken(sides[0], pre),
            falseTaken(sides[1], pre),
            holding(sides[0], keys, o -> o.outcome.contains(Outcome.COMPLETED_AT_ONCE)),
            holding(sides[1], keys, o -> o.outcome.contains(Outcome.COMPLETED_AT_ONCE)));
    return flag.isEmpty() ? v : v.withFlag(flag);
  }

  /** The operations whose FALSE {@code side} branched on, and {@code pre} had not. */
  private static Set<Integer> falseTaken(State side, State pre) {
    if (side == null) {
      return Set.of();
    }
    Set<Integer> r = new HashSet<>();
    side.ops.forEach(
        (k, o) -> {
          Op before = pre.ops.get(k);
          if (o.falseTaken && (before == null || !before.falseTaken)) {
            r.add(k);
          }
        });
    return r;
  }

  /** Operations a condition's flag may speak for; beyond, it is not followed. */
  private static final int MAX_CONDITION_OPS = 32;

  private static boolean isCondition(Expr e) {
    if (e instanceof Expr.Unary u && u.op().equals("!")) {
      return isCondition(u.operand()) || u.operand() instanceof Expr.Local;
    }
    return e instanceof Expr.Binary b
        && (b.op().equals("&&")
            || b.op().equals("||")
            || b.op().equals("==")
            || b.op().equals("!="));
  }

  /**
   * The operations for which {@code excluded} does not hold on {@code side} (all: no such side).
   */
  private static Set<Integer> holding(
      State side, Set<Integer> keys, java.util.function.Predicate<Op> excluded) {
    if (side == null) {
      return Set.copyOf(keys);
    }
    Set<Integer> r = new HashSet<>();
    for (int k : keys) {
      Op op = side.ops.get(k);
      if (op == null || !excluded.test(op)) {
        r.add(k);
      }
    }
    return r;
  }

  /** States in which a call of the node being evaluated throws (a helper's throw). */
  private final List<State> thrown = new ArrayList<>();

  private void thrownHere(State s) {
    thrown.add(s);
  }

  /** The states in which calls evaluated since the last time threw, joined (null: none). */
  State takeThrown() {
    State joined = null;
    for (State t : thrown) {
      joined = State.join(joined, t);
    }
    thrown.clear();
    return joined;
  }

  /** {@code local = v}; the local names its objects in messages. */
  void assignLocal(String local, Val v, State s) {
    s.locals.put(local, v);
    for (String id : v.objects()) {
      names.putIfAbsent(id, local);
    }
  }

  void setReporting(boolean reporting) {
    this.reporting = reporting;
  }

  private void tell(Consumer<Rule> event) {
    if (reporting) {
      for (Rule r : rules) {
        event.accept(r);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  Val eval(Expr e, State s) {
    if (e instanceof Expr.Local l) {
      return s.locals.getOrDefault(l.name(), Val.NONE);
    }
    if (e instanceof Expr.Field f) {
      return field(f, s);
    }
    if (e instanceof Expr.IntConst c) {
      return Val.constant(c.value());
    }
    if (e instanceof Expr.BoolConst b) {
      return Val.constant(b.value() ? 1 : 0);
    }
    if (e instanceof Expr.StringConst || e instanceof Expr.NullConst) {
      return Val.NONE;
    }
    if (e instanceof Expr.Call c) {
      return call(c, s);
    }
    if (e instanceof Expr.New n) {
      return allocate(n, s);
    }
    if (e instanceof Expr.ArrayElement a) {
      Val array = eval(a.array(), s);
      eval(a.index(), s);
      valueRead(a.origin(), array.objects(), s);
      return elements(array, s);
    }
    if (e instanceof Expr.Binary b) {
      Val l = eval(b.left(), s);
      Val r = eval(b.right(), s);
      if (b.op().equals("==") || b.op().equals("!=")) {
        Optional<Set<Integer>> tested = pendingTested(l, r);
        if (tested.isPresent()) {
          return Val.pendingTest(tested.get(), b.op().equals("=="));
        }
      }
      if (b.op().equals("|") && (lowBit(l) || lowBit(r))) {
        // An event handle with its low-order bit set: the operation queues no completion packet.
        Set<String> tagged = new HashSet<>(l.objects());
        tagged.addAll(r.objects());
        tagged.add(Obj.TAGGED_EVENT);
        return new Val(tagged, Set.of(), Set.of(), OptionalLong.empty());
      }
      return fold(b.op(), l, r);
    }
    if (e instanceof Expr.Unary u) {
      Val v = eval(u.operand(), s);
      if (u.op().startsWith("(")) {
        return v;
      }
      if (u.op().equals("!")) {
        return v.negated();
      }
      if (u.op().equals("-") && v.constant().isPresent()) {
        return Val.constant(-v.constant().getAsLong());
      }
      if (u.op().equals("~") && v.constant().isPresent()) {
        return Val.constant(~v.constant().getAsLong());
      }
      return Val.NONE;
    }
    if (e instanceof Expr.Conditional c) {
      // Each arm on its own path (send ? WriteFile(...) : ReadFile(...) starts one of them).
      State[] arms = branch(c.cond(), s);
      Val result = null;
      State joined = null;
      for (int i = 0; i < 2; i++) {
        if (arms[i] != null) {
          Val v = eval(i == 0 ? c.then() : c.otherwise(), arms[i]);
          result = result == null ? v : result.join(v);
          joined = State.join(joined, arms[i]);
        }
      }
      if (joined == null) {
        return Val.NONE;
      }
      s.replaceWith(joined);
      return result;
    }
    if (e instanceof Expr.Assign a
        && a.target() instanceof Expr.Field f
        && f.base().isEmpty()
        && isCondition(a.value())) {
      Val v = evalCondition(a.value(), s);
      assign(a.target(), a.value(), v, s);
      return v;
    }
    if (e instanceof Expr.Assign a) {
      if (a.target() instanceof Expr.Field
          && !(a.value() instanceof Expr.Binary)
          && !(a.value() instanceof Expr.Opaque)) {
        // A field set (not a counter bumped): state another method reads.
        s.work(place(a.origin()));
      }
      Val v = a.target() instanceof Expr.Local ? evalCondition(a.value(), s) : eval(a.value(), s);
      assign(a.target(), a.value(), v, s);
      return v;
    }
    if (e instanceof Expr.Lambda l) {
      if (inliner != null && reporting) {
        inliner.runElsewhere(l, s);
      }
      return eval(l.captured(), s);
    }
    if (e instanceof Expr.Opaque o) {
      for (Expr part : o.parts()) {
        escape(eval(part, s), s);
      }
      return Val.NONE;
    }
    return Val.NONE;
  }

  private static boolean lowBit(Val v) {
    return v.constant().isPresent() && v.constant().getAsLong() == 1;
  }

  private static Val fold(String op, Val l, Val r) {
    if (l.constant().isPresent() && r.constant().isPresent()) {
      long a = l.constant().getAsLong();
      long b = r.constant().getAsLong();
      return switch (op) {
        case "|" -> Val.constant(a | b);
        case "&" -> Val.constant(a & b);
        case "+" -> Val.constant(a + b);
        case "^" -> Val.constant(a ^ b);
        default -> Val.NONE;
      };
    }
    return Val.NONE;
  }

  private static final String FIELD_FLAG = State.FIELD_FLAG;

  private static boolean isBooleanState(Val v) {
    return (v.constant().isPresent()
            && (v.constant().getAsLong() == 0 || v.constant().getAsLong() == 1)
            && v.objects().isEmpty())
        || !v.flag().isEmpty()
        || !v.resultOf().isEmpty()
        || !v.pendingIfTrue().isEmpty()
        || !v.pendingIfFalse().isEmpty();
  }

  private Val field(Expr.Field f, State s) {
    if (f.base().isEmpty() && s.locals.containsKey(FIELD_FLAG + f.name())) {
      return s.locals.get(FIELD_FLAG + f.name());
    }
    if (f.base().isEmpty()) {
      String id = "this." + f.name();
      s.objects.computeIfAbsent(id, k -> elsewhere());
      return Val.of(id);
    }
    Val base = eval(f.base().get(), s);
    if (base.objects().isEmpty() && !f.owner().isEmpty()) {
      // An object of unknown origin (a request taken from a map): a field through which another
      // method passed an operation's count (see Analysis.initial) is that count.
      String id = State.COUNT_FIELD + f.owner() + "#" + f.name();
      if (s.objects.containsKey(id)) {
        return Val.of(id);
      }
    }
    if (base.objects().size() == 1 && !isStructField(f.name())) {
      String id = base.objects().iterator().next() + "." + f.name();
      s.objects.computeIfAbsent(id, k -> elsewhere());
      return Val.of(id);
    }
    if (f.name().equals("hEvent") && base.objects().size() == 1) {
      // The events assigned to it, and the OVERLAPPED's own event whatever it is.
      String ovId = base.objects().iterator().next();
      Obj ov = s.track(ovId);
      Set<String> events = new HashSet<>(ov.events);
      events.add(eventOf(ovId));
      return new Val(events, Set.of(), Set.of(), OptionalLong.empty());
    }
    return Val.NONE;
  }

  /** Stands for the event in an OVERLAPPED's hEvent field, known or not. */
  private static String eventOf(String overlapped) {
    return overlapped + ".hEvent";
  }

  private static boolean isStructField(String name) {
    return name.equals("Offset")
        || name.equals("OffsetHigh")
        || name.equals("hEvent")
        || name.equals("Internal")
        || name.equals("InternalHigh");
  }

  private static Obj elsewhere() {
    Obj o = new Obj();
    o.storage = Storage.ELSEWHERE;
    o.mayHaveOffset = true;
    o.mayHaveOffsetSinceUse = true;
    o.mayHaveEvent = true;
    return o;
  }

  /**
   * The elements of these arrays: what was stored in them; for arrays from elsewhere (fields,
   * parameters), one summary object each.
   */
  private static Val elements(Val arrays, State s) {
    Val all = Val.NONE;
    for (String a : arrays.objects()) {
      Val stored = s.locals.get("[]" + a);
      boolean madeHere = s.obj(a).map(o -> o.storage == Storage.LOCAL_OBJECT).orElse(false);
      if (stored != null) {
        all = all.join(stored);
      } else if (!madeHere) {
        // An array made here holds what was stored in it, or nothing (null) yet on this path.
        String summary = a + "[]";
        s.objects.computeIfAbsent(summary, k -> elsewhere());
        all = all.join(Val.of(summary));
      }
    }
    return new Val(all.objects(), Set.of(), Set.of(), OptionalLong.empty());
  }

  private void assign(Expr target, Expr valueExpr, Val v, State s) {
    if (target instanceof Expr.Local l) {
      assignLocal(l.name(), v, s);
      return;
    }
    if (target instanceof Expr.ArrayElement a) {
      Val array = eval(a.array(), s);
      eval(a.index(), s);
      for (String id : array.objects()) {
        s.locals.merge("[]" + id, v, Val::join);
        if (id.startsWith("this.") && fieldEvents != null) {
          fieldEvents.stored(id.substring(5) + "[]", joinedFacts(v, s));
        }
      }
      if (array.objects().isEmpty()) {
        escape(v, s);
      }
      return;
    }
    if (target instanceof Expr.Field f && f.base().isEmpty()) {
      if (isBooleanState(v)) {
        // A boolean field set in this method is followed like a local until a method of the
        // class that may set it is called (writing = true; ... if (!writing) ...).
        s.locals.put(FIELD_FLAG + f.name(), v);
      } else {
        s.locals.remove(FIELD_FLAG + f.name());
      }
      String id = "this." + f.name();
      Obj stored = new Obj();
      stored.storage = Storage.ELSEWHERE;
      boolean first = true;
      for (String o : v.objects()) {
        Obj src = s.track(o);
        src.mayEscape = true;
        stored = first ? src.copy() : stored.join(src);
        first = false;
      }
      Obj field = stored.copy();
      field.storage = Storage.ELSEWHERE;
      field.mayEscape = true;
      s.objects.put(id, field);
      if (fieldEvents != null) {
        fieldEvents.stored(f.name(), stored);
      }
      return;
    }
    if (target instanceof Expr.Field f) {
      Val base = eval(f.base().get(), s);
      for (String id : base.objects()) {
        Obj ov = s.track(id);
        if (id.startsWith("this.") && fieldEvents != null && isStructField(f.name())) {
          boolean zero =
              valueExpr instanceof Expr.NullConst
                  || (valueExpr instanceof Expr.IntConst k && k.value() == 0);
          fieldEvents.memberSet(id.substring(5), f.name(), zero);
          if (f.name().equals("hEvent")) {
            Set<String> fieldEvents =
                v.objects().stream().filter(e -> e.startsWith("this.")).collect(toSet());
            if (!fieldEvents.isEmpty()) {
              this.fieldEvents.fieldEventSet(id.substring(5), fieldEvents);
            }
          }
        }
        switch (f.name()) {
          case "Offset" -> {
            ov.offsetAssigned();
            ov.offsetFromSettled =
                v.objects().size() == 1
                        && s.obj(v.objects().iterator().next())
                            .map(o -> o.settledPosition)
                            .orElse(false)
                    ? Optional.of(v.objects().iterator().next())
                    : Optional.empty();
            if (valueExpr instanceof Expr.Unary u && u.op().equals("(narrow)")) {
              ov.mayHaveNarrowedOffset = true;
            }
          }
          case "OffsetHigh" -> {
            ov.offsetAssigned();
            // Zero is not the upper half of a 64-bit position.
            if (!v.constant().equals(OptionalLong.of(0))) {
              ov.mayHaveOffsetHigh = true;
            }
          }
          case "hEvent" -> {
            if (!(valueExpr instanceof Expr.NullConst)) {
              ov.mayHaveEvent = true;
              Set<String> events = new HashSet<>(ov.events);
              events.addAll(v.objects());
              ov.events = Set.copyOf(events);
            }
          }
          default -> escape(v, s);
        }
      }
      if (base.objects().isEmpty()) {
        escape(v, s);
      }
      return;
    }
    escape(v, s);
  }

  private static Obj joinedFacts(Val v, State s) {
    Obj joined = null;
    for (String o : v.objects()) {
      Obj src = s.track(o);
      joined = joined == null ? src.copy() : joined.join(src);
    }
    return joined == null ? new Obj() : joined;
  }

  private static void escape(Val v, State s) {
    for (String id : v.objects()) {
      s.track(id).mayEscape = true;
    }
  }

  private Val allocate(Expr.New n, State s) {
    String id = "new#" + n.id();
    switch (n.kind()) {
      case STRUCTURE -> {
        Storage storage = Storage.LOCAL_OBJECT;
        Optional<String> arena = Optional.empty();
        for (Expr arg : n.args()) {
          for (String a : eval(arg, s).objects()) {
            if (s.obj(a).map(o -> o.isArena).orElse(false)) {
              storage = Storage.ARENA;
              arena = Optional.of(a);
            }
          }
        }
        Obj o = new Obj();
        o.storage = storage;
        o.arena = arena;
        o.autoWrite = n.autoWrite();
        s.putFresh(id, o);
        return Val.of(id);
      }
      case STRUCTURE_VIEW -> {
        Val v = Val.NONE;
        for (Expr arg : n.args()) {
          v = v.plus(eval(arg, s));
        }
        return new Val(v.objects(), Set.of(), Set.of(), OptionalLong.empty());
      }
      case MEMORY, JAVA_ARRAY, HEAP_BUFFER -> {
        for (Expr arg : n.args()) {
          eval(arg, s);
        }
        Obj o = new Obj();
        o.storage =
            n.kind() == Expr.NewKind.MEMORY
                ? Storage.LOCAL_OBJECT
                : n.kind() == Expr.NewKind.JAVA_ARRAY ? Storage.JAVA_ARRAY : Storage.HEAP_BUFFER;
        s.putFresh(id, o);
        return Val.of(id);
      }
      default -> {
        // An array initializer ({a, b}) keeps its elements' values (WaitForMultipleObjects);
        // any other constructor takes what it is given out of the analysis's sight.
        Val all = Val.NONE;
        for (Expr arg : n.args()) {
          all = all.plus(eval(arg, s));
        }
        if (n.type().endsWith("[]")) {
          // An array: one object, whose elements are what its initializer or stores put there.
          Obj array = new Obj();
          array.storage = Storage.LOCAL_OBJECT;
          s.objects.put(id, array);
          if (!all.objects().isEmpty()) {
            s.locals.put(
                "[]" + id, new Val(all.objects(), Set.of(), Set.of(), OptionalLong.empty()));
          }
          return Val.of(id);
        }
        if (n.type().endsWith("ByReference")) {
          // An out-parameter holder: followed for whose count it holds.
          escape(all, s);
          Obj holder = new Obj();
          holder.storage = Storage.LOCAL_OBJECT;
          s.objects.put(id, holder);
          return Val.of(id);
        }
        if (n.type().endsWith("HANDLE")) {
          // A handle made from a pointer or value stands for what it was made from.
          return new Val(all.objects(), Set.of(), Set.of(), OptionalLong.empty());
        }
        escape(all, s);
        return Val.NONE;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Calls

  /** Small numbers for the places (front-end nodes) where the method does something. */
  private final IdentityHashMap<Object, Integer> places = new IdentityHashMap<>();

  private int place(Object origin) {
    return places.computeIfAbsent(origin, k -> places.size());
  }

  private Val call(Expr.Call c, State s) {
    s.work(place(c.origin()));
    Val receiver = c.receiver().map(r -> eval(r, s)).orElse(Val.NONE);
    Val[] args = new Val[c.args().size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = eval(c.args().get(i), s);
    }
    if (c.binding().isPresent()) {
      return modelled(c, c.binding().get(), receiver, args, s);
    }
    if ((c.name().equals("getPointer") || c.name().equals("share")) && c.receiver().isPresent()) {
      return new Val(receiver.objects(), Set.of(), Set.of(), OptionalLong.empty());
    }
    if (ALLOCATORS.contains(c.name())) {
      String id = "call#" + c.id();
      Obj o = new Obj();
      o.storage = Storage.NATIVE_HEAP;
      s.putFresh(id, o);
      return Val.of(id);
    }
    if (c.name().equals("openArena")
        || (ARENA_TYPES.contains(c.owner()) && c.name().startsWith("of"))) {
      String id = "call#" + c.id();
      Obj o = new Obj();
      o.isArena = true;
      s.putFresh(id, o);
      return Val.of(id);
    }
    if (ARENA_TYPES.contains(c.owner()) && c.name().startsWith("allocate")) {
      String id = "call#" + c.id();
      Obj o = new Obj();
      o.storage = Storage.ARENA;
      o.arena =
          receiver.objects().size() == 1
              ? Optional.of(receiver.objects().iterator().next())
              : Optional.empty();
      s.putFresh(id, o);
      return Val.of(id);
    }
    structureCall(c, receiver, args, s);
    if (c.name().equals("getValue") && args.length == 0) {
      valueRead(c.origin(), receiver.objects(), s);
    }
    if (c.name().equals("nativeValue")
        && c.owner().equals("com.sun.jna.Pointer")
        && args.length == 1) {
      // The address of a pointer stands for what it points to (an event handle's value).
      return new Val(args[0].objects(), Set.of(), Set.of(), OptionalLong.empty());
    }
    if (BUFFER_TYPES.contains(c.owner()) && SAME_BUFFER.contains(c.name())) {
      // Fluent calls return the buffer itself (or a view of its memory).
      return new Val(receiver.objects(), Set.of(), Set.of(), OptionalLong.empty());
    }
    if (c.owner().equals("java.nio.ByteBuffer")
        && (c.name().equals("allocate") || c.name().equals("wrap"))) {
      String id = "call#" + c.id();
      Obj o = new Obj();
      o.storage = Storage.HEAP_BUFFER;
      s.putFresh(id, o);
      return Val.of(id);
    }
    if (c.sameClassMethod().isPresent() && inliner != null) {
      Optional<Val> inlined = inliner.inline(c, args, s, reporting, this::thrownHere);
      if (inlined.isPresent()) {
        return inlined.get();
      }
    }
    if (c.sameClassMethod().isPresent()) {
      // A method of the class not followed here may set the class's boolean fields.
      s.locals.keySet().removeIf(k -> k.startsWith(FIELD_FLAG));
    }
    boolean writesMemory =
        MEMORY_TYPES.contains(c.owner())
            && (c.name().startsWith("set")
                || (c.name().equals("write") && args.length >= 2)
                || c.name().equals("clear"));
    if (writesMemory && reporting && !receiver.objects().isEmpty()) {
      State before = s.copy();
      tell(r -> r.written(c, receiver.objects(), new Snapshot(before), reporter));
    }
    // A setter on native memory (Pointer.setInt(16, ...), write(offset, bytes, ...)) may write
    // any field of an OVERLAPPED in it; at a constant offset, the field there (the 64-bit layout:
    // Internal 0, InternalHigh 8, Offset 16, OffsetHigh 20, hEvent 24).
    if (MEMORY_TYPES.contains(c.owner())
        && (c.name().startsWith("set") || (c.name().equals("write") && args.length >= 2))
        && !receiver.objects().isEmpty()) {
      OptionalLong at = args.length >= 2 ? args[0].constant() : OptionalLong.empty();
      long where = at.orElse(-1);
      boolean scalar = c.name().startsWith("set") && !c.name().equals("setMemory");
      for (String id : receiver.objects()) {
        Obj o = s.track(id);
        if (scalar && (where == 0 || where == 8)) {
          continue; // Internal, InternalHigh: the status the kernel owns.
        }
        if (scalar && where == 24) {
          o.mayHaveEvent = true;
          Set<String> events = new HashSet<>(o.events);
          events.addAll(args[1].objects());
          o.events = Set.copyOf(events);
          continue;
        }
        if (scalar && where == 20) {
          o.offsetAssigned();
          o.mayHaveOffsetHigh = true;
          continue;
        }
        if (scalar && where == 16) {
          o.offsetAssigned();
          // setLong(16, position) sets Offset and OffsetHigh together.
          o.mayHaveOffsetHigh |= c.name().equals("setLong");
          continue;
        }
        o.offsetAssigned();
        o.mayHaveOffsetHigh = true;
        o.mayHaveEvent = true;
        if (c.name().equals("setPointer")) {
          // A pointer-sized field given a pointer: the event, most likely.
          Set<String> events = new HashSet<>(o.events);
          events.addAll(args[1].objects());
          o.events = Set.copyOf(events);
        }
      }
    }
    if (javaWait(c) && s.ops.mayHold(Op.ROUTINE)) {
      // The JVM's own blocking calls wait without being alertable.
      for (Map.Entry<Integer, Op> e : s.ops.entrySet()) {
        Op o = e.getValue();
        if (o.routineStyle && o.mayBePending() && o.pathWithoutNonAlertableWait) {
          nonAlertableWait(s.own(e), c);
        }
      }
    }
    if (c.owner().equals("java.lang.Thread") && c.name().equals("join") && args.length == 0) {
      threadJoined(s);
    }
    // An unknown call: what it is given may be kept, freed or completed out of sight.
    for (Val a : args) {
      escape(a, s);
    }
    return Val.NONE;
  }

  /**
   * A Structure's own calls: {@code read()} refreshes its Java fields from native memory; {@code
   * setAutoSynch(false)}/{@code setAutoWrite(false)} turn off the write-back before native calls.
   */
  private void structureCall(Expr.Call c, Val receiver, Val[] args, State s) {
    if (c.name().equals("write")
        && args.length == 0
        && reporting
        && !receiver.objects().isEmpty()) {
      // Structure.write(): its Java fields go to native memory.
      State before = s.copy();
      tell(r -> r.written(c, receiver.objects(), new Snapshot(before), reporter));
    }
    if (c.name().equals("read") && args.length == 0) {
      // Current now, unless an operation with it may still be pending (the kernel writes later).
      for (String id : receiver.objects()) {
        s.track(id).javaCopyMayBeStale =
            s.ops.values().stream().anyMatch(o -> o.mayBePending() && o.overlappeds.contains(id));
      }
    }
    if (StructureSync.AUTO_WRITE_SETTERS.contains(c.name())
        && args.length == 1
        && args[0].constant().equals(OptionalLong.of(0))) {
      for (String id : receiver.objects()) {
        s.track(id).autoWrite = false;
        if (id.startsWith("this.") && fieldEvents != null) {
          fieldEvents.memberSet(id.substring(5), AUTO_WRITE_OFF, false);
        }
      }
    }
  }

  /**
   * A thread was joined: the operations this code asked to cancel are taken to have completed there
   * (the usual shutdown: cancel, then join the thread that takes the aborted completions).
   */
  private static void threadJoined(State s) {
    handOver(s, o -> true);
  }

  /** The cancelled operations {@code which} accepts have taken their aborted completion. */
  private static void handOver(State s, java.util.function.Predicate<Op> which) {
    // (A cancelled operation is one a wait changes: Op.AWAITABLE.)
    s.ops.forEachOfKind(
        Op.AWAITABLE,
        (id, o) -> {
          if (o.cancelledBy.isPresent() && which.test(o)) {
            Op owned = s.own(id);
            owned.handedOver = true;
            await(owned);
            s.narrowed(owned);
          }
        });
  }

  /** Blocking methods of java.util.concurrent types. */
  private static final Set<String> CONCURRENT_WAITS =
      Set.of("await", "acquire", "take", "get", "join", "park", "parkNanos", "awaitTermination");

  /** Java's blocking calls: a thread in them is not in an alertable wait. */
  private static boolean javaWait(Expr.Call c) {
    String owner = c.owner();
    String name = c.name();
    if (owner.equals("java.lang.Thread")) {
      return name.equals("sleep") || name.equals("join");
    }
    if (owner.equals("java.lang.Object")) {
      return name.equals("wait");
    }
    return owner.startsWith("java.util.concurrent.") && CONCURRENT_WAITS.contains(name);
  }

  /** Tells the rules that an out-parameter holding an operation's count is read. */
  private void valueRead(Object origin, Set<String> objects, State s) {
    if (reporting
        && objects.stream()
            .anyMatch(id -> s.obj(id).map(o -> o.countOf.isPresent()).orElse(false))) {
      State before = s.copy();
      tell(r -> r.valueRead(origin, objects, new Snapshot(before), reporter));
    }
  }

  private static Optional<Val> arg(Binding b, Role role, Val[] args) {
    return b.argument(role).filter(i -> i < args.length).map(i -> args[i]);
  }

  private static Optional<Expr> argExpr(Expr.Call c, Binding b, Role role) {
    return b.argument(role).filter(i -> i < c.args().size()).map(i -> c.args().get(i));
  }

  private static OptionalLong constant(Binding b, Role role, Val[] args) {
    return arg(b, role, args).map(Val::constant).orElse(OptionalLong.empty());
  }

  private Val modelled(Expr.Call c, Binding b, Val receiver, Val[] args, State s) {
    if (reporting) {
      List<Set<String>> objects = new java.util.ArrayList<>();
      for (Val a : args) {
        objects.add(a.objects());
      }
      State before = s.copy();
      tell(r -> r.called(c, objects, new Snapshot(before), reporter));
    }
    Val result = modelledEffect(c, b, receiver, args, s);
    // A Structure passed by value is read back from native memory after the call; an operation
    // it starts may write it again later.
    b.argument(Role.OVERLAPPED)
        .filter(i -> i < args.length && i < c.parameters().size())
        .filter(i -> c.parameters().get(i) == TypeShape.STRUCTURE)
        .ifPresent(
            i -> {
              boolean starts = b.operation().startsIo();
              args[i].objects().forEach(id -> s.track(id).javaCopyMayBeStale = starts);
              Op started = starts ? s.own(c.id()) : null;
              if (started != null) {
                started.structureByValue = true;
              }
            });
    return result;
  }

  private Val modelledEffect(Expr.Call c, Binding b, Val receiver, Val[] args, State s) {
    Operation op = b.operation();
    switch (op) {
      case OPEN_FILE, OPEN_PIPE -> {
        String id = "call#" + c.id();
        Obj h = new Obj();
        OptionalLong flags = constant(b, Role.FLAGS, args);
        h.async =
            flags.isPresent()
                ? Tri.of((flags.getAsLong() & FILE_FLAG_OVERLAPPED) != 0)
                : Tri.UNKNOWN;
        h.seeking = op == Operation.OPEN_PIPE ? Tri.NO : seeking(c, b, args);
        h.boundToPort = Tri.NO;
        h.skipPortOnSuccess = Tri.NO;
        s.objects.put(id, h);
        return Val.of(id);
      }
      case CREATE_EVENT -> {
        String id = "call#" + c.id();
        s.objects.put(id, new Obj());
        return Val.of(id);
      }
      case READ, WRITE, READ_EX, WRITE_EX, CONNECT_PIPE, WAIT_COMM_EVENT -> {
        return issue(c, b, args, s);
      }
      case BIND_TO_PORT -> {
        Val file = arg(b, Role.HANDLE, args).orElse(Val.NONE);
        OptionalLong fileConst = file.constant();
        if (fileConst.isPresent() && (fileConst.getAsLong() == -1 || fileConst.getAsLong() == 0)) {
          String id = "call#" + c.id();
          s.objects.put(id, new Obj());
          return Val.of(id);
        }
        bind(file, s);
        return arg(b, Role.PORT, args).filter(v -> !v.objects().isEmpty()).orElse(Val.NONE);
      }
      case BIND_TO_THREAD_POOL -> {
        bind(arg(b, Role.HANDLE, args).orElse(Val.NONE), s);
        return Val.NONE;
      }
      case SET_NOTIFICATION_MODES -> {
        OptionalLong flags = constant(b, Role.FLAGS, args);
        Tri skip =
            flags.isPresent()
                ? Tri.of(
                    (flags.getAsLong() & Win32Constant.FILE_SKIP_COMPLETION_PORT_ON_SUCCESS.value())
                        != 0)
                : Tri.UNKNOWN;
        for (String h : arg(b, Role.HANDLE, args).orElse(Val.NONE).objects()) {
          Obj o = s.track(h);
          if (o.skipPortOnSuccess != Tri.YES) {
            o.skipPortOnSuccess = skip == Tri.NO ? o.skipPortOnSuccess : skip;
          }
          if (h.startsWith("this.") && skip != Tri.NO && fieldEvents != null) {
            fieldEvents.skipModeSet(h.substring(5));
          }
        }
        return Val.NONE;
      }
      case WAIT_ONE, WAIT_MANY -> {
        Set<String> handles = new HashSet<>();
        if (op == Operation.WAIT_ONE) {
          arg(b, Role.HANDLE, args).ifPresent(v -> handles.addAll(v.objects()));
        } else {
          arg(b, Role.HANDLES, args)
              .ifPresent(
                  v -> {
                    handles.addAll(v.objects());
                    handles.addAll(elements(v, s).objects());
                  });
        }
        State before = reporting ? s.copy() : s;
        tell(r -> r.waited(c, handles, Set.of(), false, new Snapshot(before), reporter));
        boolean all = op == Operation.WAIT_ONE || constantArg(2, args).orElse(0L) != 0;
        Set<Integer> signalled = signalledBy(handles, s);
        signalled.forEach(id -> s.own(id).eventWaited = true);
        alertable(c, b, args, s);
        if (!all) {
          return Val.NONE;
        }
        OptionalLong timeout = constant(b, Role.TIMEOUT, args);
        boolean infinite =
            timeout.isPresent() && Win32Constant.INFINITE.matches(timeout.getAsLong());
        Set<Integer> completed = waitedOn(handles, signalled, s);
        if (completed.isEmpty() && !handles.isEmpty() && !isOperationHandle(handles, s)) {
          // Not a file handle nor an OVERLAPPED's event: a thread (or process) that ends, or
          // says it has, after taking the completions this code asked to cancel.
          threadJoined(s);
        }
        if (infinite) {
          completed.forEach(id -> await(s, id));
          return Val.NONE;
        }
        // A timed wait completes them only when it returns WAIT_OBJECT_0.
        return Val.waitResult(completed);
      }
      case SLEEP -> {
        alertable(c, b, args, s);
        return Val.NONE;
      }
      case CANCEL_OWN, CANCEL_ANY -> {
        // Asks for the cancellation: the operations still complete (aborted), later.
        Set<String> handles = arg(b, Role.HANDLE, args).map(Val::objects).orElse(Set.of());
        Optional<Val> ov = arg(b, Role.OVERLAPPED, args);
        boolean all = ov.isEmpty() || ov.get().objects().isEmpty();
        s.ops.forEachOfKind(
            Op.MAY_PEND,
            (id, o) -> {
              boolean hit =
                  o.handles.stream().anyMatch(handles::contains)
                      && (all || o.overlappeds.stream().anyMatch(ov.get().objects()::contains));
              if (hit && o.mayBePending()) {
                s.own(id).cancelledBy = Optional.of(c);
              }
            });
        return Val.NONE;
      }
      case SET_EVENT -> {
        // Signalling a failed operation's event by hand (a pipe already connected) stands in for
        // its completion: a wait on that event returns.
        Set<String> events = arg(b, Role.HANDLE, args).map(Val::objects).orElse(Set.of());
        for (int id : signalledBy(events, s)) {
          if (s.ops.get(id).outcome.contains(Outcome.FAILED)) {
            Op o = s.own(id);
            o.outcome.remove(Outcome.FAILED);
            o.outcome.add(Outcome.AWAITED);
            s.narrowed(o);
          }
        }
        return Val.NONE;
      }
      case GET_OVERLAPPED_RESULT -> {
        Set<String> handles = arg(b, Role.HANDLE, args).map(Val::objects).orElse(Set.of());
        Set<String> ovs = arg(b, Role.OVERLAPPED, args).map(Val::objects).orElse(Set.of());
        OptionalLong wait = constant(b, Role.WAIT_FLAG, args);
        if (wait.isEmpty() || wait.getAsLong() != 0 || b.argument(Role.TIMEOUT).isPresent()) {
          State before = reporting ? s.copy() : s;
          tell(r -> r.waited(c, handles, ovs, true, new Snapshot(before), reporter));
          alertable(c, b, args, s);
        }
        arg(b, Role.BYTES_TRANSFERRED, args)
            .ifPresent(v -> v.objects().forEach(id -> s.track(id).countOf = Optional.empty()));
        boolean mayPoll = wait.isPresent() && wait.getAsLong() == 0;
        Set<Integer> polled = new HashSet<>();
        // A wait changes only the operations that may be pending (or are repeated or cancelled);
        // a poll's result also tells of those that are over.
        java.util.function.BiConsumer<Integer, Op> onOverlapped =
            (id, o) -> {
              if (o.overlappeds.stream().anyMatch(ovs::contains)) {
                polled.add(id);
              }
            };
        if (mayPoll) {
          s.ops.forEach(onOverlapped);
        } else {
          s.ops.forEachOfKind(Op.AWAITABLE, onOverlapped);
        }
        // A poll after a wait on the operation's event reads what that wait waited for.
        boolean polls = mayPoll && polled.stream().noneMatch(id -> s.ops.get(id).eventWaited);
        // From here the last error is GetOverlappedResult's, not the start call's (for a poll, it
        // tells whether the operations are still pending: kept as negative ids).
        s.lastErrorOps = polls ? polled.stream().map(id -> -id - 1).collect(toSet()) : Set.of();
        if (polls && !polled.isEmpty()) {
          // TRUE: they are over. FALSE: still pending (ERROR_IO_INCOMPLETE) or over with an
          // error; a caller that drops the result takes them as over.
          return Val.waitResult(polled);
        }
        polled.forEach(id -> await(s, id));
        return Val.NONE;
      }
      case FREE -> {
        Set<String> freed = new HashSet<>();
        if (b.receiverRole() == Role.FREED) {
          freed.addAll(receiver.objects());
        }
        arg(b, Role.FREED, args).ifPresent(v -> freed.addAll(v.objects()));
        boolean scopeEnd = false;
        for (String id : Set.copyOf(freed)) {
          if (s.obj(id).map(o -> o.isArena).orElse(false)) {
            scopeEnd = true;
            s.objects.forEach(
                (k, o) -> {
                  if (o.arena.equals(Optional.of(id))) {
                    freed.add(k);
                  }
                });
          }
        }
        boolean arenaClosed = scopeEnd;
        State before = reporting ? s.copy() : s;
        tell(r -> r.freed(c, Set.copyOf(freed), arenaClosed, new Snapshot(before), reporter));
        return Val.NONE;
      }
      case DEQUEUE -> {
        s.dequeued = true;
        for (Map.Entry<Integer, Op> e : s.ops.entrySet()) {
          if (!e.getValue().packetMayBeTaken && mayQueuePacket(e.getValue(), s)) {
            s.own(e).packetMayBeTaken = true;
          }
        }
        // Dequeuing after a cancel drains the aborted completions.
        handOver(s, o -> mayQueuePacket(o, s));
        // A packet dequeued (TRUE) completes one operation on a handle bound (or maybe bound) to
        // a port: which one is known when only one may be pending.
        OptionalLong timeout = constant(b, Role.TIMEOUT, args);
        if (timeout.isPresent() && Win32Constant.INFINITE.matches(timeout.getAsLong())) {
          // Without a timeout it returns only with a packet (TRUE, or FALSE for a failed
          // operation), unless the port itself is gone: the packet of the one operation that
          // can have one queued, whether it completed at once or later.
          List<Op> queued =
              s.ops.values().stream().filter(o -> !o.elsewhere && mayQueuePacket(o, s)).toList();
          if (queued.size() == 1 && !queued.get(0).repeated) {
            Op taken = s.own(queued.get(0).call.id());
            taken.outcome.remove(Outcome.COMPLETED_AT_ONCE);
            await(taken);
            taken.outcome.add(Outcome.AWAITED);
            s.narrowed(taken);
            return Val.NONE;
          }
        }
        List<Integer> candidates = dequeueCandidates(s, false);
        if (candidates.isEmpty()) {
          // Only what other methods left pending: the packet is for that, if it is one.
          candidates = dequeueCandidates(s, true);
        }
        if (candidates.size() == 1 && !s.ops.get(candidates.get(0)).repeated) {
          return Val.waitResult(Set.of(candidates.get(0)));
        }
        return Val.NONE;
      }
      case SET_FILE_POINTER -> {
        for (String h : arg(b, Role.HANDLE, args).map(Val::objects).orElse(Set.of())) {
          s.track(h).filePointerSetBy = Optional.of(c);
        }
        return Val.NONE;
      }
      case LAST_ERROR -> {
        return lastError(s);
      }
      default -> {
        return Val.NONE;
      }
    }
  }

  private static Optional<Long> constantArg(int index, Val[] args) {
    if (index >= args.length || args[index].constant().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(args[index].constant().getAsLong());
  }

  private void bind(Val file, State s) {
    for (String h : file.objects()) {
      if (s.track(h).async == Tri.NO) {
        // A synchronous handle cannot be bound: the call fails, and no packet ever comes.
        continue;
      }
      s.track(h).boundToPort = Tri.YES;
      if (h.startsWith("this.") && fieldEvents != null) {
        fieldEvents.bound(h.substring(5));
      }
    }
  }

  /**
   * An alertable wait runs the completion routines of operations this thread started. A wait known
   * not to be alertable (no alertable flag, or a constant false) is remembered by each of them that
   * may be pending, until an alertable wait.
   */
  private static void alertable(Expr.Call c, Binding b, Val[] args, State s) {
    OptionalLong alertable = constant(b, Role.ALERTABLE, args);
    boolean surelyAlertable = alertable.isPresent() && alertable.getAsLong() != 0;
    boolean surelyNot =
        b.argument(Role.ALERTABLE).isEmpty() || alertable.equals(OptionalLong.of(0));
    if (!s.ops.mayHold(Op.ROUTINE)) {
      return;
    }
    for (Map.Entry<Integer, Op> e : s.ops.entrySet()) {
      Op o = e.getValue();
      if (!o.routineStyle) {
        continue;
      }
      if (surelyAlertable) {
        Op owned = s.own(e);
        await(owned);
        owned.nonAlertableWaits = Set.of();
        owned.pathWithoutNonAlertableWait = true;
        s.narrowed(owned);
      } else if (surelyNot && o.mayBePending() && o.pathWithoutNonAlertableWait) {
        nonAlertableWait(s.own(e), c);
      }
    }
  }

  /** Wait {@code c}, not alertable, is the first such wait of the paths that had none yet. */
  private static void nonAlertableWait(Op o, Expr.Call c) {
    Set<Expr.Call> waits = new HashSet<>(o.nonAlertableWaits);
    waits.add(c);
    o.nonAlertableWaits = Set.copyOf(waits);
    o.pathWithoutNonAlertableWait = false;
  }

  /**
   * A wait that returned on these objects: operations whose OVERLAPPED names one of them as its
   * event are complete, and so is the only operation outstanding on a waited file handle.
   */
  private static Set<Integer> waitedOn(Set<String> handles, Set<Integer> signalled, State s) {
    Set<Integer> done = new HashSet<>(signalled);
    for (String h : handles) {
      List<Op> outstanding = outstandingOn(h, s, false);
      if (outstanding.isEmpty()) {
        // Only what other methods left pending: the wait is for that, if it is one.
        outstanding = outstandingOn(h, s, true);
      }
      if (outstanding.size() == 1 && !outstanding.get(0).repeated) {
        done.add(outstanding.get(0).call.id());
      }
    }
    return done;
  }

  /**
   * Whether a completion packet for {@code o} may still be queued: it may be pending, or it
   * completed at once on a handle bound (or maybe bound) to a port without skip-on-success.
   */
  private static boolean mayQueuePacket(Op o, State s) {
    boolean pending = o.mayBePending();
    boolean atOnce = o.outcome.contains(Outcome.COMPLETED_AT_ONCE);
    if (!pending && !atOnce) {
      return false;
    }
    return o.handles.stream()
        .anyMatch(
            h ->
                s.obj(h)
                    .map(
                        x -> x.boundToPort != Tri.NO && (pending || x.skipPortOnSuccess != Tri.YES))
                    .orElse(true));
  }

  /**
   * Whether an operation was issued on one of these handles, or (a ReadFileEx, which {@link
   * #signalledBy} leaves out) names one as its OVERLAPPED's event.
   */
  private static boolean isOperationHandle(Set<String> handles, State s) {
    for (Op o : s.ops.values()) {
      if (o.handles.stream().anyMatch(handles::contains)) {
        return true;
      }
      if (o.routineStyle
          && o.overlappeds.stream()
              .anyMatch(
                  ov ->
                      handles.contains(eventOf(ov))
                          || s.obj(ov)
                              .map(x -> x.events.stream().anyMatch(handles::contains))
                              .orElse(false))) {
        return true;
      }
    }
    return false;
  }

  private static List<Integer> dequeueCandidates(State s, boolean elsewhere) {
    return s
        .thatMay(
            Outcome.PENDING,
            o ->
                o.elsewhere == elsewhere
                    && o.handles.stream()
                        .anyMatch(h -> s.obj(h).map(x -> x.boundToPort != Tri.NO).orElse(true)))
        .stream()
        .map(o -> o.call.id())
        .toList();
  }

  private static List<Op> outstandingOn(String handle, State s, boolean elsewhere) {
    return s.thatMay(Outcome.PENDING, o -> o.elsewhere == elsewhere && o.handles.contains(handle));
  }

  /** Operations whose OVERLAPPED names one of these objects as its event. */
  static Set<Integer> signalledBy(Set<String> events, State s) {
    Set<Integer> found = new HashSet<>();
    for (Op o : s.ops.values()) {
      if (o.routineStyle) {
        // ReadFileEx ignores the OVERLAPPED's event: only the file handle or the routine tells.
        continue;
      }
      for (String ov : o.overlappeds) {
        if (events.contains(eventOf(ov))
            || s.obj(ov).map(x -> x.events.stream().anyMatch(events::contains)).orElse(false)) {
          found.add(o.call.id());
        }
      }
    }
    return found;
  }

  /** A statement that drops a timed wait's result: the code assumes the wait succeeded. */
  void resultIgnored(Val v, State s) {
    for (int id : v.completesOnSuccess()) {
      if (s.ops.containsKey(id)) {
        await(s, id);
      }
    }
  }

  /** {@link #await(Op)} for operation {@code id} of {@code s}, which must have it. */
  private static void await(State s, int id) {
    Op o = s.ops.get(id);
    if ((o.kinds() & Op.AWAITABLE) == 0) {
      return; // Nothing to change: it stays shared.
    }
    Op owned = s.own(id);
    await(owned);
    s.narrowed(owned);
  }

  /** Awaits {@code o}, an operation its state owns ({@link State#own}). */
  private static void await(Op o) {
    if (o.outcome.remove(Outcome.PENDING)) {
      o.outcome.add(Outcome.AWAITED);
    }
    o.repeated = false;
    o.cancelledBy = Optional.empty();
  }

  /** The thread's last error: of which operations' start calls, or of which polls. */
  private static Val lastError(State s) {
    Set<Integer> started = new HashSet<>();
    Set<Integer> polled = new HashSet<>();
    for (int id : s.lastErrorOps) {
      if (id >= 0) {
        started.add(id);
      } else {
        polled.add(-id - 1);
      }
    }
    return polled.isEmpty() ? Val.lastErrorOf(started) : Val.pollErrorOf(polled);
  }

  /**
   * A start call declared to throw JNA's LastErrorException throws it where it would return FALSE
   * (JNA throws when the call sets a last error): that path goes to the handlers around the call,
   * with the exception's error code the call's, and the call returns only TRUE.
   */
  private void throwsLastError(Expr.Call c, State s) {
    State thrown = s.copy();
    thrown.refine(Set.of(c.id()), EnumSet.of(Outcome.PENDING, Outcome.FAILED));
    thrown.lastErrorOps = Set.of(c.id());
    if (thrown.feasible()) {
      thrownHere(thrown);
    }
    s.refine(Set.of(c.id()), EnumSet.of(Outcome.COMPLETED_AT_ONCE));
  }

  private Val issue(Expr.Call c, Binding b, Val[] args, State s) {
    Set<String> handles = arg(b, Role.HANDLE, args).map(Val::objects).orElse(Set.of());
    Set<String> buffers = arg(b, Role.BUFFER, args).map(Val::objects).orElse(Set.of());
    Set<String> ovs = arg(b, Role.OVERLAPPED, args).map(Val::objects).orElse(Set.of());
    boolean copied =
        b.argument(Role.BUFFER)
            .filter(i -> i < c.parameters().size())
            .map(
                i -> {
                  TypeShape shape = c.parameters().get(i);
                  if (shape == TypeShape.BYTE_ARRAY || shape == TypeShape.OTHER_ARRAY) {
                    return true;
                  }
                  return shape == TypeShape.BYTE_BUFFER
                      && !buffers.isEmpty()
                      && buffers.stream()
                          .allMatch(
                              id ->
                                  s.obj(id)
                                      .map(o -> o.storage == Storage.HEAP_BUFFER)
                                      .orElse(false));
                })
            .orElse(false);
    boolean neverPending =
        (!handles.isEmpty()
                && handles.stream()
                    .allMatch(h -> s.obj(h).map(o -> o.async == Tri.NO).orElse(false)))
            // Without an OVERLAPPED, kernel32 waits for the operation before it returns.
            || argExpr(c, b, Role.OVERLAPPED).map(Expr::isNull).orElse(false);
    boolean routineStyle = b.operation().completesThroughRoutine();
    EnumSet<Outcome> outcome =
        neverPending
            ? EnumSet.of(Outcome.COMPLETED_AT_ONCE, Outcome.FAILED)
            : EnumSet.of(Outcome.COMPLETED_AT_ONCE, Outcome.PENDING, Outcome.FAILED);
    Op op = new Op(c, b.operation(), handles, buffers, ovs, copied, outcome);
    argExpr(c, b, Role.BYTES_TRANSFERRED)
        .filter(e -> e instanceof Expr.Field f && f.base().isPresent() && !f.owner().isEmpty())
        .map(e -> (Expr.Field) e)
        .ifPresent(f -> op.countField = f.owner() + "#" + f.name());
    op.routineStyle = routineStyle;
    op.inHelper = exits != null;
    op.afterDequeue = s.dequeued;
    op.noPacketIfTrue =
        handles.stream()
            .map(s::obj)
            .anyMatch(
                h ->
                    h.isPresent()
                        && h.get().boundToPort == Tri.YES
                        && h.get().skipPortOnSuccess == Tri.YES);
    op.handleAsync =
        handles.stream()
            .map(h -> s.obj(h).map(o -> o.async).orElse(Tri.UNKNOWN))
            .reduce(Tri::join)
            .orElse(Tri.UNKNOWN);
    Op previous = s.ops.get(c.id());
    op.repeated = previous != null && previous.mayBePending();
    s.forgetFlags(c.id());
    State before = reporting ? s.copy() : s;
    s.put(op);
    State after = reporting ? s.copy() : s;
    tell(r -> r.issued(op, new Snapshot(before), new Snapshot(after), reporter));
    for (String ov : ovs) {
      Obj o = s.track(ov);
      o.mayBeUsed = true;
      o.mayHaveOffsetSinceUse = false;
      o.javaCopyMayBeStale = true;
      o.lastIssued = Set.of(c.id());
    }
    for (String h : handles) {
      s.track(h).mayHaveIssued = true;
    }
    for (String id : arg(b, Role.BYTES_TRANSFERRED, args).map(Val::objects).orElse(Set.of())) {
      s.track(id).countOf = Optional.of(c.id());
    }
    s.lastErrorOps = Set.of(c.id());
    if (c.throwsLastError()) {
      throwsLastError(c, s);
    }
    return Val.resultOf(c.id());
  }

  private static Tri seeking(Expr.Call c, Binding b, Val[] args) {
    Optional<Expr> path = argExpr(c, b, Role.PATH);
    Optional<String> text = path.flatMap(Interpreter::leadingString);
    if (text.isPresent()) {
      String p = text.get().replace('/', '\\').toLowerCase(Locale.ROOT);
      if (p.startsWith("\\\\.\\") || p.startsWith("\\\\?\\pipe") || p.matches("com[0-9]+:?")) {
        return Tri.NO;
      }
      if (path.get() instanceof Expr.StringConst) {
        return Tri.YES;
      }
    }
    // Devices and pipe clients are opened with OPEN_EXISTING; creating or truncating is for files.
    OptionalLong creation = constant(b, Role.CREATION, args);
    if (creation.isPresent() && creation.getAsLong() != 3) {
      return Tri.YES;
    }
    return Tri.UNKNOWN;
  }

  private static Optional<String> leadingString(Expr e) {
    if (e instanceof Expr.StringConst s) {
      return Optional.of(s.value());
    }
    if (e instanceof Expr.Binary b && b.op().equals("+")) {
      return leadingString(b.left());
    }
    return Optional.empty();
  }

  // -------------------------------------------------------------------------------------------
  // Conditions

  /** The states when {@code cond} is true and when it is false (null: impossible). */
  State[] branch(Expr cond, State s) {
    State[] r = branchOn(cond, s);
    if (cond instanceof Expr.Local l && s.locals.containsKey(l.name())) {
      // A boolean local is known on each side: a flag's value there, for the joins ahead.
      if (r[0] != null) {
        r[0].locals.put(l.name(), Val.constant(1));
      }
      if (r[1] != null) {
        r[1].locals.put(l.name(), Val.constant(0));
      }
    }
    return r;
  }

  private State[] branchOn(Expr cond, State s) {
    if (cond instanceof Expr.Unary u && u.op().equals("!")) {
      State[] r = branch(u.operand(), s);
      return new State[] {r[1], r[0]};
    }
    if (cond instanceof Expr.Binary b && b.op().equals("&&")) {
      State[] left = branch(b.left(), s);
      if (left[0] == null) {
        return new State[] {null, left[1]};
      }
      State[] right = branch(b.right(), left[0]);
      return new State[] {right[0], State.join(left[1], right[1])};
    }
    if (cond instanceof Expr.Binary b && b.op().equals("||")) {
      State[] left = branch(b.left(), s);
      if (left[1] == null) {
        return new State[] {left[0], null};
      }
      State[] right = branch(b.right(), left[1]);
      return new State[] {State.join(left[0], right[0]), right[1]};
    }
    if (cond instanceof Expr.Binary b && (b.op().equals("==") || b.op().equals("!="))) {
      Val l = eval(b.left(), s);
      Val r = eval(b.right(), s);
      State[] eq = compare(l, r, s);
      return b.op().equals("==") ? eq : new State[] {eq[1], eq[0]};
    }
    Val v = eval(cond, s);
    if (!v.pendingIfTrue().isEmpty() || !v.pendingIfFalse().isEmpty()) {
      // A pending test kept in a local or returned by a helper (isPending(err)).
      Set<Integer> ops = !v.pendingIfTrue().isEmpty() ? v.pendingIfTrue() : v.pendingIfFalse();
      boolean whenTrue = !v.pendingIfTrue().isEmpty();
      State pending = s.copy();
      State notPending = s.copy();
      pending.refine(ops, EnumSet.of(Outcome.PENDING));
      notPending.refine(ops, EnumSet.of(Outcome.COMPLETED_AT_ONCE, Outcome.FAILED));
      return whenTrue
          ? new State[] {feasible(pending), feasible(notPending)}
          : new State[] {feasible(notPending), feasible(pending)};
    }
    if (!v.flag().isEmpty()) {
      // A flag that tells whether operations are in flight (if (writing) ...).
      State t = s.copy();
      State f = s.copy();
      t.notPending(v.flag().notPendingIfTrue());
      f.notPending(v.flag().notPendingIfFalse());
      t.notFailed(v.flag().notFailedIfTrue());
      f.notFailed(v.flag().notFailedIfFalse());
      t.falseTaken(v.flag().falseTakenIfTrue());
      f.falseTaken(v.flag().falseTakenIfFalse());
      t.notAtOnce(v.flag().notAtOnceIfTrue());
      f.notAtOnce(v.flag().notAtOnceIfFalse());
      return new State[] {feasible(t), feasible(f)};
    }
    if (!v.completesOnSuccess().isEmpty()) {
      // A dequeue's TRUE: the one operation it can be for is complete.
      State t = s.copy();
      awaitAll(v.completesOnSuccess(), t);
      return new State[] {t, s.copy()};
    }
    if (v.constant().isPresent()) {
      // A flag the method set to a constant on this path (boolean pending = true).
      return v.constant().getAsLong() != 0 ? new State[] {s, null} : new State[] {null, s};
    }
    if (!v.resultOf().isEmpty()) {
      State t = s.copy();
      State f = s.copy();
      for (int id : v.resultOf()) {
        Op op = s.ops.get(id);
        boolean routine = op != null && op.routineStyle;
        t.refine(
            Set.of(id),
            routine ? EnumSet.of(Outcome.PENDING) : EnumSet.of(Outcome.COMPLETED_AT_ONCE));
        f.refine(
            Set.of(id),
            routine ? EnumSet.of(Outcome.FAILED) : EnumSet.of(Outcome.PENDING, Outcome.FAILED));
      }
      return new State[] {feasible(t), feasible(f)};
    }
    return new State[] {s, s.copy()};
  }

  /** The operations whose last error {@code l == r} compares with ERROR_IO_PENDING, if it does. */
  private static Optional<Set<Integer>> pendingTested(Val l, Val r) {
    boolean errorOnLeft = !l.lastErrorOf().isEmpty();
    Val err = errorOnLeft ? l : r;
    Val other = errorOnLeft ? r : l;
    if (!err.lastErrorOf().isEmpty()
        && other.constant().isPresent()
        && other.constant().getAsLong() == ERROR_IO_PENDING) {
      return Optional.of(err.lastErrorOf());
    }
    return Optional.empty();
  }

  /** The states when {@code l == r} holds and when it does not. */
  private static State[] compare(Val l, Val r, State s) {
    boolean waitOnLeft = !l.completesOnSuccess().isEmpty();
    Val wait = waitOnLeft ? l : r;
    Val waitCode = waitOnLeft ? r : l;
    if (!wait.completesOnSuccess().isEmpty() && waitCode.constant().isPresent()) {
      State t = s.copy();
      State f = s.copy();
      long c = waitCode.constant().getAsLong();
      if (c == Win32Constant.WAIT_OBJECT_0.value()) {
        awaitAll(wait.completesOnSuccess(), t);
      } else if (c == Win32Constant.WAIT_TIMEOUT.value()) {
        awaitAll(wait.completesOnSuccess(), f);
      }
      return new State[] {t, f};
    }
    boolean pollOnLeft = !l.pollErrorOf().isEmpty();
    Val poll = pollOnLeft ? l : r;
    Val pollCode = pollOnLeft ? r : l;
    if (!poll.pollErrorOf().isEmpty() && pollCode.constant().isPresent()) {
      // A poll's error: ERROR_IO_INCOMPLETE, still pending; any other, over.
      State t = s.copy();
      State f = s.copy();
      boolean incomplete =
          pollCode.constant().getAsLong() == Win32Constant.ERROR_IO_INCOMPLETE.value();
      awaitAll(poll.pollErrorOf(), incomplete ? f : t);
      return new State[] {t, f};
    }
    boolean errorOnLeft = !l.lastErrorOf().isEmpty();
    Val err = errorOnLeft ? l : r;
    Val other = errorOnLeft ? r : l;
    if (!err.lastErrorOf().isEmpty() && other.constant().isPresent()) {
      long code = other.constant().getAsLong();
      State t = s.copy();
      State f = s.copy();
      if (code == ERROR_IO_PENDING) {
        t.refine(err.lastErrorOf(), EnumSet.of(Outcome.PENDING));
        f.refine(err.lastErrorOf(), EnumSet.of(Outcome.COMPLETED_AT_ONCE, Outcome.FAILED));
      } else if (code == Win32Constant.ERROR_IO_INCOMPLETE.value()) {
        // GetOverlappedResult's "not done yet": a start call never fails with it, so the code
        // that expects it there runs on no path (PendingTreatedAsFailure reports the mix-up).
        return new State[] {null, f};
      } else if (code == ERROR_SUCCESS) {
        // A failed start always sets an error; after TRUE the last error may be anything.
        t.refine(err.lastErrorOf(), EnumSet.of(Outcome.COMPLETED_AT_ONCE));
      } else {
        t.refine(err.lastErrorOf(), EnumSet.of(Outcome.FAILED));
      }
      return new State[] {feasible(t), feasible(f)};
    }
    boolean resultOnLeft = !l.resultOf().isEmpty();
    Val res = resultOnLeft ? l : r;
    Val flag = resultOnLeft ? r : l;
    if (!res.resultOf().isEmpty() && flag.constant().isPresent()) {
      State t = s.copy();
      State f = s.copy();
      boolean isTrue = flag.constant().getAsLong() != 0;
      EnumSet<Outcome> ok = EnumSet.of(Outcome.COMPLETED_AT_ONCE);
      EnumSet<Outcome> notOk = EnumSet.of(Outcome.PENDING, Outcome.FAILED);
      t.refine(res.resultOf(), isTrue ? ok : notOk);
      f.refine(res.resultOf(), isTrue ? notOk : ok);
      return new State[] {feasible(t), feasible(f)};
    }
    return new State[] {s, s.copy()};
  }

  private static void awaitAll(Set<Integer> ids, State s) {
    for (int id : ids) {
      if (s.ops.containsKey(id)) {
        await(s, id);
      }
    }
  }

  private static State feasible(State s) {
    return s.feasible() ? s : null;
  }

  /** The method ends: what it returns escapes to the caller. */
  void exit(Optional<Expr> value, Object origin, boolean exceptional, ExitKind kind, State s) {
    if (exits != null) {
      // A helper returns to its caller, which goes on only after a normal return; what it
      // returns goes on being tracked there.
      Val v = value.map(e -> evalCondition(e, s)).orElse(Val.NONE);
      if (!reporting && (!exceptional || kind == ExitKind.THROW)) {
        // (A throw statement's exit goes on in the caller's handlers; exceptions the helper's
        // own catches let through are not followed.)
        exits.add(new Object[] {s, v, exceptional});
      }
      return;
    }
    Set<Integer> told = new HashSet<>();
    Set<Integer> toldAtOnce = value.isPresent() ? completionTold(value.get(), s) : Set.of();
    value.ifPresent(
        e -> {
          Val v = evalCondition(e, s);
          escape(v, s);
          told.addAll(v.pendingIfTrue());
          told.addAll(v.pendingIfFalse());
          told.addAll(v.resultOf());
          told.addAll(v.flag().notPendingIfTrue());
          told.addAll(v.flag().notPendingIfFalse());
        });
    tell(r -> r.exit(origin, kind, new Snapshot(s, told, toldAtOnce, exceptional), reporter));
  }

  /**
   * The operations whose synchronous completion a returned value tells apart from their pending: on
   * one side of the value (true or false, evaluated silently on a copy) the operation may have
   * returned TRUE and cannot be pending, as for the call's BOOL itself or {@code return true} where
   * it is known to have returned TRUE; or the value is memory the operation uses.
   */
  private Set<Integer> completionTold(Expr value, State s) {
    Set<Integer> atOnce = new HashSet<>();
    s.ops.forEach(
        (k, o) -> {
          if (o.noPacketIfTrue && o.outcome.contains(Outcome.COMPLETED_AT_ONCE)) {
            atOnce.add(k);
          }
        });
    if (atOnce.isEmpty()) {
      return Set.of();
    }
    boolean wasReporting = reporting;
    reporting = false;
    State[] sides;
    Val v;
    try {
      v = eval(value, s.copy());
      sides = branch(value, s.copy());
    } finally {
      reporting = wasReporting;
    }
    Set<Integer> told = new HashSet<>();
    for (int k : atOnce) {
      Op op = s.ops.get(k);
      for (State side : sides) {
        Op there = side == null ? null : side.ops.get(k);
        if (there != null
            && there.outcome.contains(Outcome.COMPLETED_AT_ONCE)
            && !there.outcome.contains(Outcome.PENDING)
            && !there.outcome.contains(Outcome.FAILED)) {
          told.add(k);
        }
      }
      for (String o : v.objects()) {
        if (op.buffers.contains(o) || op.overlappeds.contains(o)) {
          told.add(k);
        }
      }
    }
    return told;
  }
}
