package io.github.overlapcheck.analysis;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.BinaryOperator;

/**
 * A state's operations by id: a map whose copies share their contents. It is a persistent trie over
 * the ids (32 ways per level): a copy takes constant time, a change copies the one path to its
 * entry, and a join or a comparison of two maps skips the parts they share. A method that starts
 * thousands of operations would otherwise copy all of them at every node and every join.
 *
 * <p>It is a {@link Map} for reading and for the changes states make: {@link #put}, {@link
 * #remove}, {@link #clear}, and an entry's {@code setValue} while iterating. An iteration walks the
 * ids as they were when it began, in ascending order of non-negative ids (negative ones, which
 * lowering does not make, interleave); an entry's value is the map's current one for its id, as in
 * a {@link java.util.HashMap}. Values are never null.
 */
final class OpMap extends AbstractMap<Integer, Op> {
  private static final int BITS = 5;
  private static final int MASK = (1 << BITS) - 1;

  /**
   * An inner node (its slots are nodes) or, at the lowest level, a leaf (its slots are operations):
   * a slot for each bit set in {@code bitmap}, in the order of the bits.
   */
  private static final class Node {
    final int bitmap;
    final Object[] slots;

    /** Operations under this node. */
    final int count;

    /**
     * The kinds ({@link Op#kinds}) of the operations under this node, as they were when it was
     * made: an operation changed in place since may have lost some (see {@link #refresh}).
     */
    final int kinds;

    Node(int bitmap, Object[] slots, int count) {
      this.bitmap = bitmap;
      this.slots = slots;
      this.count = count;
      int k = 0;
      for (Object slot : slots) {
        k |= slot instanceof Op op ? op.kinds() : ((Node) slot).kinds;
      }
      this.kinds = k;
    }

    int index(int bit) {
      return Integer.bitCount(bitmap & (bit - 1));
    }
  }

  /** Null when empty; otherwise covers the keys whose {@link #code} is below 32^height. */
  private Node root;

  private int height;

  OpMap() {}

  /** A copy of {@code other}, sharing its contents: constant time. */
  OpMap(OpMap other) {
    this.root = other.root;
    this.height = other.height;
  }

  /** Non-negative ids map to even codes in their order, negative ones to odd codes. */
  private static int code(int key) {
    return (key << 1) ^ (key >> 31);
  }

  private static int key(int code) {
    return (code >>> 1) ^ -(code & 1);
  }

  /** Whether a trie of {@code height} levels covers {@code code}. */
  private static boolean covers(int height, int code) {
    return height * BITS >= 32 || (code >>> (height * BITS)) == 0;
  }

  private static int slot(int code, int level) {
    return (code >>> (level * BITS)) & MASK;
  }

  /**
   * Whether some operation may be of one of these kinds ({@link Op#kinds}): false means none is.
   * Most methods have no operation that queues no packet on TRUE, or completes through a routine,
   * and then need not look for them.
   */
  boolean mayHold(int kinds) {
    return root != null && (root.kinds & kinds) != 0;
  }

  @Override
  public int size() {
    return root == null ? 0 : root.count;
  }

  @Override
  public boolean isEmpty() {
    return root == null;
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public Op get(Object key) {
    if (!(key instanceof Integer k) || root == null) {
      return null;
    }
    int code = code(k);
    if (!covers(height, code)) {
      return null;
    }
    Node n = root;
    for (int level = height - 1; ; level--) {
      int bit = 1 << slot(code, level);
      if ((n.bitmap & bit) == 0) {
        return null;
      }
      Object child = n.slots[n.index(bit)];
      if (level == 0) {
        return (Op) child;
      }
      n = (Node) child;
    }
  }

  @Override
  public Op put(Integer key, Op value) {
    if (value == null) {
      throw new NullPointerException("no null operations");
    }
    int code = code(key);
    if (root == null) {
      height = 1;
      while (!covers(height, code)) {
        height++;
      }
    }
    while (!covers(height, code)) {
      // One level more: the old root is the new one's first slot.
      root = new Node(1, new Object[] {root}, root.count);
      height++;
    }
    Op[] old = new Op[1];
    root = put(root, height - 1, code, value, old);
    return old[0];
  }

  private static Node put(Node n, int level, int code, Op value, Op[] old) {
    int bit = 1 << slot(code, level);
    if (n == null) {
      Object child = level == 0 ? value : put(null, level - 1, code, value, old);
      return new Node(bit, new Object[] {child}, 1);
    }
    int i = n.index(bit);
    if ((n.bitmap & bit) == 0) {
      Object child = level == 0 ? value : put(null, level - 1, code, value, old);
      Object[] slots = new Object[n.slots.length + 1];
      System.arraycopy(n.slots, 0, slots, 0, i);
      slots[i] = child;
      System.arraycopy(n.slots, i, slots, i + 1, n.slots.length - i);
      return new Node(n.bitmap | bit, slots, n.count + 1);
    }
    Object[] slots = n.slots.clone();
    if (level == 0) {
      old[0] = (Op) slots[i];
      if (old[0] == value) {
        return n;
      }
      slots[i] = value;
      return new Node(n.bitmap, slots, n.count);
    }
    Node child = (Node) slots[i];
    Node changed = put(child, level - 1, code, value, old);
    if (changed == child) {
      return n;
    }
    slots[i] = changed;
    return new Node(n.bitmap, slots, n.count - child.count + changed.count);
  }

  @Override
  public Op remove(Object key) {
    Op old = get(key);
    if (old != null) {
      root = remove(root, height - 1, code((Integer) key));
    }
    return old;
  }

  /** {@code n} without {@code code}, which it holds; null when nothing is left. */
  private static Node remove(Node n, int level, int code) {
    int bit = 1 << slot(code, level);
    int i = n.index(bit);
    Node child = level == 0 ? null : remove((Node) n.slots[i], level - 1, code);
    if (child == null) {
      if (n.bitmap == bit) {
        return null;
      }
      Object[] slots = new Object[n.slots.length - 1];
      System.arraycopy(n.slots, 0, slots, 0, i);
      System.arraycopy(n.slots, i + 1, slots, i, slots.length - i);
      return new Node(n.bitmap & ~bit, slots, n.count - 1);
    }
    Object[] slots = n.slots.clone();
    slots[i] = child;
    return new Node(n.bitmap, slots, n.count - 1);
  }

  @Override
  public void clear() {
    root = null;
    height = 0;
  }

  /** Becomes a copy of {@code other}, sharing its contents: constant time. */
  void setAll(OpMap other) {
    root = other.root;
    height = other.height;
  }

  /**
   * Each id as it was when the walk began, with the map's current operation for it, as in a {@link
   * java.util.HashMap} (the action may change the map, as through {@link State#own}).
   */
  @Override
  public void forEach(BiConsumer<? super Integer, ? super Op> action) {
    forEachOfKind(EVERY, action);
  }

  /**
   * Calls {@code action} once for each operation of this map that is not in {@code seen} (by
   * identity), and adds it there. Parts of the trie already in {@code seen} are skipped: over the
   * states of one method, which share most of their parts, this visits each operation object once
   * and each part of the trie once, instead of every operation of every state.
   */
  void forEachUnseen(Set<Object> seen, java.util.function.Consumer<Op> action) {
    if (root != null) {
      forEachUnseen(root, height - 1, seen, action);
    }
  }

  private static void forEachUnseen(
      Node n, int level, Set<Object> seen, java.util.function.Consumer<Op> action) {
    if (!seen.add(n)) {
      return;
    }
    for (Object child : n.slots) {
      if (level > 0) {
        forEachUnseen((Node) child, level - 1, seen, action);
      } else if (seen.add(child)) {
        action.accept((Op) child);
      }
    }
  }

  /** For {@link #forEachOfKind}: every operation, whatever its kinds (some have none). */
  private static final int EVERY = 0;

  /**
   * {@link #forEach}, for the operations of one of these kinds ({@link Op#kinds}) only: the parts
   * of the map that hold none are not visited. The action may change the map.
   */
  void forEachOfKind(int kinds, BiConsumer<? super Integer, ? super Op> action) {
    if (root != null && (kinds == EVERY || (root.kinds & kinds) != 0)) {
      forEachOfKind(root, root, height - 1, 0, kinds, action);
    }
  }

  private void forEachOfKind(
      Node start,
      Node n,
      int level,
      int prefix,
      int kinds,
      BiConsumer<? super Integer, ? super Op> action) {
    int bits = n.bitmap;
    for (Object child : n.slots) {
      int s = Integer.numberOfTrailingZeros(bits);
      bits &= bits - 1;
      int code = prefix | (s << (level * BITS));
      if (level > 0) {
        if (kinds == EVERY || (((Node) child).kinds & kinds) != 0) {
          forEachOfKind(start, (Node) child, level - 1, code, kinds, action);
        }
        continue;
      }
      int k = key(code);
      // While the map is as it was when the walk began, the slot holds its current operation.
      Op now = root == start ? (Op) child : get(k);
      if (now != null && (kinds == EVERY || (now.kinds() & kinds) != 0)) {
        action.accept(k, now);
      }
    }
  }

  /**
   * Brings the kinds recorded on the path to {@code id} up to date after its operation was changed
   * in place (a wait, a branch): otherwise {@link #forEachOfKind} would keep visiting that part of
   * the map for a kind the operation lost. A change in place never adds a kind ({@link Op#kinds}).
   */
  void refresh(int id) {
    int code = code(id);
    if (root != null && covers(height, code)) {
      root = refresh(root, height - 1, code);
    }
  }

  private static Node refresh(Node n, int level, int code) {
    int bit = 1 << slot(code, level);
    if ((n.bitmap & bit) == 0) {
      return n;
    }
    Object[] slots = n.slots;
    if (level > 0) {
      int i = n.index(bit);
      Node child = (Node) slots[i];
      Node now = refresh(child, level - 1, code);
      if (now == child) {
        return n;
      }
      slots = slots.clone();
      slots[i] = now;
    }
    Node made = new Node(n.bitmap, slots, n.count);
    return made.kinds == n.kinds && level == 0 ? n : made;
  }

  @Override
  public Set<Map.Entry<Integer, Op>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<Integer, Op>> iterator() {
        return new Entries(OpMap.this);
      }

      @Override
      public int size() {
        return OpMap.this.size();
      }
    };
  }

  @Override
  public java.util.Collection<Op> values() {
    return new java.util.AbstractCollection<>() {
      @Override
      public Iterator<Op> iterator() {
        Walk w = new Walk(OpMap.this);
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return w.hasNext();
          }

          @Override
          public Op next() {
            w.step();
            return w.value();
          }
        };
      }

      @Override
      public int size() {
        return OpMap.this.size();
      }
    };
  }

  /**
   * Walks the ids the map held when the walk began; the value for each is the map's current one, as
   * in a {@link java.util.HashMap} changed in place.
   */
  private static final class Walk {
    private final OpMap map;
    private final Node start;

    /** Per level from the root: the node, its next slot, the bits of the slots left, the code. */
    private final Node[] nodes;

    private final int[] slot;
    private final int[] bits;
    private final int[] prefix;

    /** The level of the deepest node on the path; -1 when done. */
    private int depth;

    private int key;
    private Op value;
    private boolean ready;

    Walk(OpMap map) {
      this.map = map;
      this.start = map.root;
      int h = Math.max(map.height, 1);
      nodes = new Node[h];
      slot = new int[h];
      bits = new int[h];
      prefix = new int[h];
      depth = -1;
      if (start != null) {
        push(0, start, 0);
      }
      ready = false;
    }

    private void push(int d, Node n, int code) {
      depth = d;
      nodes[d] = n;
      slot[d] = 0;
      bits[d] = n.bitmap;
      prefix[d] = code;
    }

    /** Finds the next entry, if any; true if there is one. */
    boolean hasNext() {
      if (ready) {
        return true;
      }
      int h = nodes.length;
      while (depth >= 0) {
        Node n = nodes[depth];
        if (slot[depth] == n.slots.length) {
          depth--;
          continue;
        }
        int level = h - 1 - depth;
        int s = Integer.numberOfTrailingZeros(bits[depth]);
        bits[depth] &= bits[depth] - 1;
        Object child = n.slots[slot[depth]++];
        int code = prefix[depth] | (s << (level * BITS));
        if (level == 0) {
          key = OpMap.key(code);
          value = (Op) child;
          ready = true;
          return true;
        }
        push(depth + 1, (Node) child, code);
      }
      return false;
    }

    void step() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ready = false;
      if (map.root != start) {
        Op now = map.get(key);
        if (now != null) {
          value = now;
        }
      }
    }

    int key() {
      return key;
    }

    Op value() {
      return value;
    }
  }

  private static final class Entries implements Iterator<Map.Entry<Integer, Op>> {
    private final Walk walk;

    Entries(OpMap map) {
      this.walk = new Walk(map);
    }

    @Override
    public boolean hasNext() {
      return walk.hasNext();
    }

    @Override
    public Map.Entry<Integer, Op> next() {
      walk.step();
      return new Entry(walk.map, walk.start, walk.key(), walk.value());
    }
  }

  /** An entry of the map: its value is the map's current one for the key. */
  private static final class Entry implements Map.Entry<Integer, Op> {
    private final OpMap map;

    /** The map's root when the walk began: while it is the same, {@link #last} is current. */
    private final Node start;

    private final int key;
    private Op last;

    Entry(OpMap map, Node start, int key, Op value) {
      this.map = map;
      this.start = start;
      this.key = key;
      this.last = value;
    }

    @Override
    public Integer getKey() {
      return key;
    }

    @Override
    public Op getValue() {
      if (map.root != start) {
        Op now = map.get(key);
        if (now != null) {
          last = now;
        }
      }
      return last;
    }

    @Override
    public Op setValue(Op value) {
      Op old = getValue();
      last = value;
      map.put(key, value);
      return old;
    }
  }

  /**
   * Every operation of {@code a} and {@code b}; where both have one under an id, {@code both} makes
   * the joined one unless it is the same object on both sides. Shared parts are not visited.
   */
  static OpMap merge(OpMap a, OpMap b, BinaryOperator<Op> both) {
    OpMap r = new OpMap();
    if (a.root == null || b.root == null) {
      r.setAll(a.root == null ? b : a);
      return r;
    }
    Node x = a.root;
    Node y = b.root;
    int h = Math.max(a.height, b.height);
    for (int i = a.height; i < h; i++) {
      x = new Node(1, new Object[] {x}, x.count);
    }
    for (int i = b.height; i < h; i++) {
      y = new Node(1, new Object[] {y}, y.count);
    }
    r.root = merge(x, y, h - 1, both);
    r.height = h;
    return r;
  }

  // Shared parts are the same objects: identity is the point.
  @SuppressWarnings("ReferenceEquality")
  private static Node merge(Node x, Node y, int level, BinaryOperator<Op> both) {
    if (x == y) {
      return x;
    }
    int bitmap = x.bitmap | y.bitmap;
    Object[] slots = new Object[Integer.bitCount(bitmap)];
    int count = 0;
    boolean allX = bitmap == x.bitmap;
    int bits = bitmap;
    for (int i = 0; bits != 0; i++) {
      int bit = bits & -bits;
      bits &= bits - 1;
      Object cx = (x.bitmap & bit) != 0 ? x.slots[x.index(bit)] : null;
      Object cy = (y.bitmap & bit) != 0 ? y.slots[y.index(bit)] : null;
      Object c;
      if (cx == null || cy == null || cx == cy) {
        c = cx == null ? cy : cx;
      } else if (level == 0) {
        c = both.apply((Op) cx, (Op) cy);
      } else {
        c = merge((Node) cx, (Node) cy, level - 1, both);
      }
      allX &= c == cx;
      slots[i] = c;
      count += level == 0 ? 1 : ((Node) c).count;
    }
    return allX ? x : new Node(bitmap, slots, count);
  }

  /**
   * Whether {@code a} and {@code b} have the same ids, with operations that are the same object or
   * that {@code same} finds alike. Shared parts are not visited.
   */
  static boolean sameEntries(OpMap a, OpMap b, BiPredicate<Op, Op> same) {
    if (a.size() != b.size()) {
      return false;
    }
    if (a.root == null || a.root == b.root) {
      return true;
    }
    if (a.height == b.height) {
      return same(a.root, b.root, a.height - 1, same);
    }
    for (Map.Entry<Integer, Op> e : a.entrySet()) {
      Op other = b.get(e.getKey());
      if (other == null || (other != e.getValue() && !same.test(e.getValue(), other))) {
        return false;
      }
    }
    return true;
  }

  // Shared parts are the same objects: identity is the point.
  @SuppressWarnings("ReferenceEquality")
  private static boolean same(Node x, Node y, int level, BiPredicate<Op, Op> same) {
    if (x == y) {
      return true;
    }
    if (x.bitmap != y.bitmap || x.count != y.count) {
      return false;
    }
    for (int i = 0; i < x.slots.length; i++) {
      Object cx = x.slots[i];
      Object cy = y.slots[i];
      if (cx == cy) {
        continue;
      }
      boolean alike =
          level == 0 ? same.test((Op) cx, (Op) cy) : same((Node) cx, (Node) cy, level - 1, same);
      if (!alike) {
        return false;
      }
    }
    return true;
  }
}
