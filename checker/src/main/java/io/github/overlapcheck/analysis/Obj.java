package io.github.overlapcheck.analysis;

import java.util.Optional;

/**
 * What the analysis knows of one tracked object: a handle (file, pipe, port, event) or a block of
 * memory (buffer, OVERLAPPED). Facets that do not apply stay at their defaults. Mutable, but only
 * through {@link State}, which copies it before changing it in a shared state.
 */
public final class Obj {
  /**
   * Stands, among an OVERLAPPED's events, for an event handle with its low-order bit set: Windows
   * then queues no completion packet for the operation.
   */
  public static final String TAGGED_EVENT = "event:low-bit-set";

  // Handle facets.
  Tri async = Tri.UNKNOWN;
  Tri seeking = Tri.UNKNOWN;
  Tri boundToPort = Tri.UNKNOWN;
  Tri skipPortOnSuccess = Tri.UNKNOWN;

  // Memory facets.
  Storage storage = Storage.UNKNOWN;
  boolean mayEscape;

  /** Offset or OffsetHigh may have been assigned since the object was created. */
  boolean mayHaveOffset;

  /** ... since the last operation that used it as its OVERLAPPED. */
  boolean mayHaveOffsetSinceUse;

  /** It may have been the OVERLAPPED of an operation already. */
  boolean mayBeUsed;

  boolean mayHaveEvent;

  /** The arena it was allocated from. */
  Optional<String> arena = Optional.empty();

  /** It is an arena (a scope of allocations), not memory itself. */
  boolean isArena;

  /** Offset was assigned from a value narrowed from 64 bits. */
  boolean mayHaveNarrowedOffset;

  boolean mayHaveOffsetHigh;

  /** The events assigned to its hEvent. */
  java.util.Set<String> events = java.util.Set.of();

  /** An operation may have been started on this handle earlier in the method. */
  boolean mayHaveIssued;

  /**
   * Operations that methods of the class leave pending on this handle: each call (by id) with how
   * many instances (1, or 2 for more).
   */
  java.util.Map<Integer, Integer> pendingElsewhere = java.util.Map.of();

  public java.util.Map<Integer, Integer> pendingElsewhere() {
    return pendingElsewhere;
  }

  /** A field that is not final but that only constructors assign (outside constructors). */
  boolean settledPosition;

  /**
   * Its Offset was last assigned, on every path, from a {@link #settledPosition} field: each call
   * of the method starts at the same place.
   */
  Optional<String> offsetFromSettled = Optional.empty();

  /** The settled field its Offset was last assigned from, on every path (see above). */
  public Optional<String> offsetFromSettled() {
    return offsetFromSettled;
  }

  /**
   * For an out-parameter: the operation (call id) whose bytes-transferred count it holds, on every
   * path (empty once GetOverlappedResult wrote its own count there, or if paths disagree).
   */
  Optional<Integer> countOf = Optional.empty();

  public Optional<Integer> countOf() {
    return countOf;
  }

  /**
   * For an OVERLAPPED: the operations (call ids) last issued with it, one per path. An operation
   * issued with it before those is over, whatever its outcome: the structure now reports the new
   * one.
   */
  java.util.Set<Integer> lastIssued = java.util.Set.of();

  public java.util.Set<Integer> lastIssued() {
    return lastIssued;
  }

  /**
   * For a handle: operations (call ids) that code running on another thread (a method the class
   * hands to a thread) may have in flight on it.
   */
  java.util.Set<Integer> otherThreadOps = java.util.Set.of();

  public java.util.Set<Integer> otherThreadOps() {
    return otherThreadOps;
  }

  /**
   * A Structure of a known OVERLAPPED type (JNA's, the runtime's) with automatic write-back on:
   * each native call it is passed to by value first writes its Java fields to native memory.
   */
  boolean autoWrite;

  /**
   * Its Java fields may be older than what the kernel stored since: an operation was issued with it
   * and its native memory was not read back (Structure.read(), or a by-value call) since.
   */
  boolean javaCopyMayBeStale;

  public boolean autoWrite() {
    return autoWrite;
  }

  public boolean javaCopyMayBeStale() {
    return javaCopyMayBeStale;
  }

  /** The SetFilePointer(Ex) call that may have moved this handle's file pointer. */
  Optional<io.github.overlapcheck.ir.Expr.Call> filePointerSetBy = Optional.empty();

  public Optional<io.github.overlapcheck.ir.Expr.Call> filePointerSetBy() {
    return filePointerSetBy;
  }

  /**
   * Offset or OffsetHigh assigned: a used OVERLAPPED is then advanced. "Used" and "advanced" are
   * both may-facts of the paths so far: an OVERLAPPED reused on every path without an assignment
   * since its last operation is stale; one advanced on some path (a retry loop) is not reported.
   */
  void offsetAssigned() {
    mayHaveOffset = true;
    if (mayBeUsed || mayHaveOffsetSinceUse) {
      mayBeUsed = false;
      mayHaveOffsetSinceUse = true;
    }
  }

  public Tri async() {
    return async;
  }

  public Tri seeking() {
    return seeking;
  }

  public Tri boundToPort() {
    return boundToPort;
  }

  public Tri skipPortOnSuccess() {
    return skipPortOnSuccess;
  }

  public Storage storage() {
    return storage;
  }

  public boolean mayEscape() {
    return mayEscape;
  }

  public boolean mayHaveOffset() {
    return mayHaveOffset;
  }

  public boolean mayHaveOffsetSinceUse() {
    return mayHaveOffsetSinceUse;
  }

  public boolean mayBeUsed() {
    return mayBeUsed;
  }

  public boolean offsetHighDropped() {
    return mayHaveNarrowedOffset && !mayHaveOffsetHigh;
  }

  public boolean mayHaveEvent() {
    return mayHaveEvent;
  }

  /** The event objects that may have been assigned to its hEvent. */
  public java.util.Set<String> events() {
    return events;
  }

  public boolean mayHaveIssued() {
    return mayHaveIssued;
  }

  Obj copy() {
    Obj o = new Obj();
    o.async = async;
    o.seeking = seeking;
    o.boundToPort = boundToPort;
    o.skipPortOnSuccess = skipPortOnSuccess;
    o.storage = storage;
    o.mayEscape = mayEscape;
    o.mayHaveOffset = mayHaveOffset;
    o.mayHaveOffsetSinceUse = mayHaveOffsetSinceUse;
    o.mayBeUsed = mayBeUsed;
    o.mayHaveEvent = mayHaveEvent;
    o.arena = arena;
    o.isArena = isArena;
    o.mayHaveNarrowedOffset = mayHaveNarrowedOffset;
    o.mayHaveOffsetHigh = mayHaveOffsetHigh;
    o.events = events;
    o.mayHaveIssued = mayHaveIssued;
    o.filePointerSetBy = filePointerSetBy;
    o.pendingElsewhere = pendingElsewhere;
    o.settledPosition = settledPosition;
    o.offsetFromSettled = offsetFromSettled;
    o.countOf = countOf;
    o.autoWrite = autoWrite;
    o.javaCopyMayBeStale = javaCopyMayBeStale;
    o.lastIssued = lastIssued;
    o.otherThreadOps = otherThreadOps;
    return o;
  }

  Obj join(Obj other) {
    Obj o = new Obj();
    o.async = async.join(other.async);
    o.seeking = seeking.join(other.seeking);
    o.boundToPort = boundToPort.join(other.boundToPort);
    o.skipPortOnSuccess = skipPortOnSuccess.join(other.skipPortOnSuccess);
    o.storage = storage.join(other.storage);
    o.mayEscape = mayEscape || other.mayEscape;
    o.mayHaveOffset = mayHaveOffset || other.mayHaveOffset;
    o.mayHaveOffsetSinceUse = mayHaveOffsetSinceUse || other.mayHaveOffsetSinceUse;
    o.mayBeUsed = mayBeUsed || other.mayBeUsed;
    o.mayHaveEvent = mayHaveEvent || other.mayHaveEvent;
    o.arena = arena.equals(other.arena) ? arena : Optional.empty();
    o.isArena = isArena && other.isArena;
    o.mayHaveNarrowedOffset = mayHaveNarrowedOffset || other.mayHaveNarrowedOffset;
    o.mayHaveOffsetHigh = mayHaveOffsetHigh || other.mayHaveOffsetHigh;
    java.util.Set<String> ev = new java.util.HashSet<>(events);
    ev.addAll(other.events);
    o.events = java.util.Set.copyOf(ev);
    o.mayHaveIssued = mayHaveIssued || other.mayHaveIssued;
    o.filePointerSetBy = State.earlier(filePointerSetBy, other.filePointerSetBy);
    java.util.Map<Integer, Integer> pending = new java.util.HashMap<>(pendingElsewhere);
    other.pendingElsewhere.forEach((k, v) -> pending.merge(k, v, Math::max));
    o.pendingElsewhere = java.util.Map.copyOf(pending);
    o.settledPosition = settledPosition && other.settledPosition;
    o.offsetFromSettled =
        offsetFromSettled.equals(other.offsetFromSettled) ? offsetFromSettled : Optional.empty();
    o.countOf = countOf.equals(other.countOf) ? countOf : Optional.empty();
    o.autoWrite = autoWrite && other.autoWrite;
    o.javaCopyMayBeStale = javaCopyMayBeStale || other.javaCopyMayBeStale;
    if (lastIssued.equals(other.lastIssued)) {
      o.lastIssued = lastIssued;
    } else {
      java.util.Set<Integer> last = new java.util.HashSet<>(lastIssued);
      last.addAll(other.lastIssued);
      o.lastIssued = java.util.Set.copyOf(last);
    }
    if (otherThreadOps.equals(other.otherThreadOps)) {
      o.otherThreadOps = otherThreadOps;
    } else {
      java.util.Set<Integer> ops = new java.util.HashSet<>(otherThreadOps);
      ops.addAll(other.otherThreadOps);
      o.otherThreadOps = java.util.Set.copyOf(ops);
    }
    return o;
  }

  boolean sameAs(Obj o) {
    return async == o.async
        && seeking == o.seeking
        && boundToPort == o.boundToPort
        && skipPortOnSuccess == o.skipPortOnSuccess
        && storage == o.storage
        && mayEscape == o.mayEscape
        && mayHaveOffset == o.mayHaveOffset
        && mayHaveOffsetSinceUse == o.mayHaveOffsetSinceUse
        && mayBeUsed == o.mayBeUsed
        && mayHaveEvent == o.mayHaveEvent
        && isArena == o.isArena
        && mayHaveNarrowedOffset == o.mayHaveNarrowedOffset
        && mayHaveOffsetHigh == o.mayHaveOffsetHigh
        && events.equals(o.events)
        && mayHaveIssued == o.mayHaveIssued
        && filePointerSetBy.equals(o.filePointerSetBy)
        && pendingElsewhere.equals(o.pendingElsewhere)
        && arena.equals(o.arena)
        && settledPosition == o.settledPosition
        && offsetFromSettled.equals(o.offsetFromSettled)
        && countOf.equals(o.countOf)
        && autoWrite == o.autoWrite
        && javaCopyMayBeStale == o.javaCopyMayBeStale
        && lastIssued.equals(o.lastIssued)
        && otherThreadOps.equals(o.otherThreadOps);
  }
}
