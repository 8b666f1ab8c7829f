package io.github.overlapcheck.analysis;

import io.github.overlapcheck.api.Operation;
import io.github.overlapcheck.ir.Expr;
import java.util.EnumSet;
import java.util.Set;

/**
 * One started operation (a read, write, pipe connect, comm-event wait), identified by its call:
 * what it used, and how it may have turned out on the path so far.
 */
public final class Op {
  final Expr.Call call;
  final Operation operation;
  final Set<String> handles;
  final Set<String> buffers;
  final Set<String> overlappeds;

  /** Whether the buffer argument is a Java array or heap buffer (JNA copies it for the call). */
  final boolean copiedBuffer;

  EnumSet<Outcome> outcome;

  /** Another instance of this call (an earlier loop iteration) may still be outstanding. */
  boolean repeated;

  /**
   * The state that may change this operation in place ({@link State#own}); any other state that
   * holds it shares it and copies it first. Not part of what the operation is: not copied.
   */
  Object owner;

  Op(
      Expr.Call call,
      Operation operation,
      Set<String> handles,
      Set<String> buffers,
      Set<String> overlappeds,
      boolean copiedBuffer,
      EnumSet<Outcome> outcome) {
    this.call = call;
    this.operation = operation;
    this.handles = Set.copyOf(handles);
    this.buffers = Set.copyOf(buffers);
    this.overlappeds = Set.copyOf(overlappeds);
    this.copiedBuffer = copiedBuffer;
    this.outcome = outcome;
  }

  Op copy() {
    Op o = new Op(call, operation, handles, buffers, overlappeds, copiedBuffer, outcome.clone());
    o.repeated = repeated;
    o.routineStyle = routineStyle;
    o.inHelper = inHelper;
    o.nonAlertableWaits = nonAlertableWaits;
    o.pathWithoutNonAlertableWait = pathWithoutNonAlertableWait;
    o.structureByValue = structureByValue;
    o.falseTaken = falseTaken;
    o.handleAsync = handleAsync;
    o.otherThread = otherThread;
    o.elsewhere = elsewhere;
    o.cancelledBy = cancelledBy;
    o.eventWaited = eventWaited;
    o.handedOver = handedOver;
    o.atOnceWork = atOnceWork;
    o.afterDequeue = afterDequeue;
    o.noPacketIfTrue = noPacketIfTrue;
    o.reallocated = reallocated;
    o.guardedByField = guardedByField;
    o.packetMayBeTaken = packetMayBeTaken;
    o.sharedWork = sharedWork;
    o.countField = countField;
    return o;
  }

  /** A ReadFileEx-style call: TRUE means started, completion through a routine. */
  boolean routineStyle;

  /**
   * The field its bytes-transferred out-parameter was passed as, reached through an object of
   * another class ({@code Owner#name} for {@code request.count}, {@code request} of class Owner);
   * null if none. Another method that reaches that field the same way reads this count.
   */
  String countField;

  /** Issued inside a same-class helper analysed in place, not by the method itself. */
  boolean inHelper;

  /**
   * For a ReadFileEx-style call: on each path, the first wait that is not alertable reached while
   * it may be pending, with no alertable wait after it (its routine still queued). A set, so that
   * joins are the same in any order: each path's own first wait.
   */
  java.util.Set<Expr.Call> nonAlertableWaits = java.util.Set.of();

  /**
   * For a ReadFileEx-style call: some path has reached no such wait yet (its next non-alertable
   * wait is its first).
   */
  boolean pathWithoutNonAlertableWait = true;

  /** Its OVERLAPPED was a JNA Structure passed by value: read back when the call returned. */
  boolean structureByValue;

  /**
   * On some path here the method branched on the call's FALSE (or on a failure's last error): the
   * code knows the call may have failed there, as opposed to never looking at its result.
   */
  boolean falseTaken;

  /**
   * A wait on its OVERLAPPED's event (with others, or with a timeout) came after it on some path: a
   * poll of its result then reads what that wait waited for.
   */
  boolean eventWaited;

  /**
   * After its cancellation, on some path here, the code took the aborted completion elsewhere: it
   * dequeued from the port, or waited for the thread that takes it (a drain loop, a join).
   */
  boolean handedOver;

  public boolean handedOver() {
    return handedOver;
  }

  /** The CancelIo/CancelIoEx call that asked for its cancellation on some path here, if any. */
  java.util.Optional<Expr.Call> cancelledBy = java.util.Optional.empty();

  public java.util.Optional<Expr.Call> cancelledBy() {
    return cancelledBy;
  }

  /**
   * Issued by another method of the class, which may have returned with it pending: only the rules
   * that ask for it see it ({@link Snapshot#allOperations()}).
   */
  boolean elsewhere;

  public boolean elsewhere() {
    return elsewhere;
  }

  /**
   * This operation as another method of the class sees it: pending, with only the fields among its
   * handles, buffers and OVERLAPPEDs; null if it uses none.
   */
  Op onFieldsOnly() {
    Set<String> h = fieldsOf(handles);
    Set<String> b = fieldsOf(buffers);
    Set<String> v = fieldsOf(overlappeds);
    if (h.isEmpty() && b.isEmpty() && v.isEmpty()) {
      return null;
    }
    Op o = new Op(call, operation, h, b, v, copiedBuffer, java.util.EnumSet.of(Outcome.PENDING));
    o.routineStyle = routineStyle;
    o.countField = countField;
    o.elsewhere = true;
    return o;
  }

  /**
   * For an operation another method left pending: a boolean field of the class says when it is idle
   * (see {@link ClassFacts#fieldGuards}), so the method's own tests of that field are followed.
   */
  boolean guardedByField;

  public boolean guardedByField() {
    return guardedByField;
  }

  /**
   * A packet was dequeued from a completion port since it was issued, on some path here, while it
   * could have queued one: the packet may have been its completion.
   */
  boolean packetMayBeTaken;

  public boolean packetMayBeTaken() {
    return packetMayBeTaken;
  }

  private static Set<String> fieldsOf(Set<String> ids) {
    return ids.stream()
        .filter(id -> id.startsWith("this."))
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** Issued by another thread than the code being analysed (seen from a lambda run elsewhere). */
  boolean otherThread;

  public boolean otherThread() {
    return otherThread;
  }

  /** Whether its handle was asynchronous when it was issued (the local may be reassigned since). */
  Tri handleAsync = Tri.UNKNOWN;

  public Tri handleAsync() {
    return handleAsync;
  }

  public boolean falseTaken() {
    return falseTaken;
  }

  /**
   * The first non-alertable wait (see {@link #nonAlertableWaits}) of some path, the one first in
   * the class where paths differ.
   */
  public java.util.Optional<Expr.Call> nonAlertableWait() {
    return nonAlertableWaits.stream().min(java.util.Comparator.comparingInt(Expr.Call::id));
  }

  public boolean routineStyle() {
    return routineStyle;
  }

  public boolean inHelper() {
    return inHelper;
  }

  public Expr.Call call() {
    return call;
  }

  public Operation operation() {
    return operation;
  }

  public Set<String> handles() {
    return handles;
  }

  public Set<String> buffers() {
    return buffers;
  }

  public Set<String> overlappeds() {
    return overlappeds;
  }

  public boolean copiedBuffer() {
    return copiedBuffer;
  }

  public Set<Outcome> outcome() {
    return java.util.Collections.unmodifiableSet(outcome);
  }

  public boolean repeated() {
    return repeated;
  }

  /**
   * Where the method did something more (called a method, set a field) after this call: at the
   * places reached, where it may have returned TRUE, only on paths where it is known not to be
   * pending, and at those reached also on a path where it may be pending. Places of the first kind
   * handle a synchronous completion in a way of their own. (Sets of places rather than a flag,
   * because a place is first reached along one path and the others join in later.)
   */
  Set<Integer> atOnceWork = Set.of();

  Set<Integer> sharedWork = Set.of();

  /**
   * Its buffers and OVERLAPPEDs whose allocation site has made a new instance since it was issued
   * (on some path): the name now stands for the new one, and this operation uses the old.
   */
  Set<String> reallocated = Set.of();

  public Set<String> reallocated() {
    return reallocated;
  }

  /**
   * Issued on a handle bound to a completion port with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS set: a
   * TRUE queues no packet. Only for such operations is the work after a TRUE recorded ({@link
   * #atOnceWork}), so that other methods do not pay for it. Set before the operation is put into a
   * state, never changed after ({@link OpMap} counts such operations).
   */
  boolean noPacketIfTrue;

  public boolean noPacketIfTrue() {
    return noPacketIfTrue;
  }

  /**
   * Issued where a packet may have been dequeued before on the path: in the code that handles the
   * port's packets, where what it does after a TRUE and after a packet are hard to tell apart.
   */
  boolean afterDequeue;

  public boolean afterDequeue() {
    return afterDequeue;
  }

  /** Whether, on some path, the method did something only once this call had returned TRUE. */
  public boolean workedAtOnce() {
    return !sharedWork.containsAll(atOnceWork);
  }

  public boolean mayBePending() {
    return outcome.contains(Outcome.PENDING);
  }

  /** {@link #kinds()}: it may be pending. */
  static final int MAY_PEND = 1;

  /** {@link #kinds()}: it may have failed (FALSE with an error other than ERROR_IO_PENDING). */
  static final int MAY_FAIL = 1 << 1;

  /** {@link #kinds()}: it may have completed at once (TRUE). */
  static final int MAY_COMPLETE_AT_ONCE = 1 << 2;

  /** {@link #kinds()}: a wait for it changes it: it may be pending, repeated, or cancelled. */
  static final int AWAITABLE = 1 << 3;

  /** {@link #kinds()}: it completes through a routine ({@link #routineStyle}). */
  static final int ROUTINE = 1 << 4;

  /** {@link #kinds()}: it queues no packet if it returns TRUE ({@link #noPacketIfTrue}). */
  static final int NO_PACKET_IF_TRUE = 1 << 5;

  /**
   * What kind of operation this is, as bits, so that an {@link OpMap} can find the operations of a
   * kind without looking at the others.
   *
   * <p>An operation in a map may lose a kind in place (a wait takes PENDING away, a branch FAILED),
   * never gain one: outcomes are added only by a join, which makes a new operation; {@code
   * repeated} is set only on a new one; a cancellation marks only operations that may be pending;
   * {@link #routineStyle}, {@link #noPacketIfTrue} and {@link #elsewhere} do not change once it is
   * in a map. So a map's summary of the kinds under a part of it may claim a kind no operation
   * there has any more, never the other way round.
   */
  int kinds() {
    int k = 0;
    if (outcome.contains(Outcome.PENDING)) {
      k |= MAY_PEND;
    }
    if (outcome.contains(Outcome.FAILED)) {
      k |= MAY_FAIL;
    }
    if (outcome.contains(Outcome.COMPLETED_AT_ONCE)) {
      k |= MAY_COMPLETE_AT_ONCE;
    }
    if (outcome.contains(Outcome.PENDING) || repeated || cancelledBy.isPresent()) {
      k |= AWAITABLE;
    }
    if (routineStyle) {
      k |= ROUTINE;
    }
    if (noPacketIfTrue) {
      k |= NO_PACKET_IF_TRUE;
    }
    return k;
  }

  boolean sameAs(Op o) {
    return outcome.equals(o.outcome)
        && repeated == o.repeated
        && falseTaken == o.falseTaken
        && elsewhere == o.elsewhere
        && cancelledBy.equals(o.cancelledBy)
        && eventWaited == o.eventWaited
        && handedOver == o.handedOver
        && atOnceWork.equals(o.atOnceWork)
        && sharedWork.equals(o.sharedWork)
        && reallocated.equals(o.reallocated)
        && packetMayBeTaken == o.packetMayBeTaken
        && nonAlertableWaits.equals(o.nonAlertableWaits)
        && pathWithoutNonAlertableWait == o.pathWithoutNonAlertableWait;
  }
}
