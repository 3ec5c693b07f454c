package dev.manifestguard.admission;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places for reviews inside the server, and a bounded first-come-first-served line of reviews
 * waiting for one. Thread-safe and free of Vert.x, so the hand-over can be tested on its own: a
 * place given back goes to the longest-waiting review; a review that arrives while others wait
 * joins the line instead of overtaking them.
 */
final class AdmissionSlots {
  private static final int WAITING = 0;
  private static final int ADMITTED = 1;
  private static final int DONE = 2;

  /** One review's claim: admitted at once, waiting, or done (answered, given up or gone). */
  static final class Ticket {
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final Runnable onAdmitted;
    private final boolean queued;

    private Ticket(Runnable onAdmitted, boolean queued) {
      this.onAdmitted = onAdmitted;
      this.queued = queued;
      if (!queued) {
        state.set(ADMITTED);
      }
    }

    /** False: admitted on arrival, the caller goes on at once and {@code onAdmitted} never runs. */
    boolean queued() {
      return queued;
    }
  }

  private final int limit;
  private final int maxWaiting;
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private final Queue<Ticket> line = new ConcurrentLinkedQueue<>();

  private final Runnable beforeJoining;

  AdmissionSlots(int limit, int maxWaiting) {
    this(limit, maxWaiting, () -> {});
  }

  /**
   * {@code beforeJoining} runs after a review found no free place and before it joins the line:
   * where a place given back would be missed without the hand-over in {@link #enter}. Tests free a
   * place there.
   */
  AdmissionSlots(int limit, int maxWaiting, Runnable beforeJoining) {
    this.limit = Math.max(1, limit);
    this.maxWaiting = Math.max(0, maxWaiting);
    this.beforeJoining = beforeJoining;
  }

  /**
   * A place at once, or a place in the line ({@code onAdmitted} runs on the thread that hands the
   * place over, possibly this one before this method returns), or null when the line is full.
   */
  Ticket enter(Runnable onAdmitted) {
    if (waiting.get() == 0 && tryHold()) {
      return new Ticket(onAdmitted, false);
    }
    if (waiting.incrementAndGet() > maxWaiting) {
      waiting.decrementAndGet();
      return null;
    }
    Ticket ticket = new Ticket(onAdmitted, true);
    beforeJoining.run();
    line.add(ticket);
    // A place given back between the check above and joining the line must not be missed.
    handOver();
    return ticket;
  }

  /**
   * Stops waiting. True when the ticket was still in the line (the caller answers it); false when
   * it had been admitted meanwhile (its {@code onAdmitted} runs or ran) or was already left.
   */
  boolean giveUp(Ticket ticket) {
    if (!ticket.state.compareAndSet(WAITING, DONE)) {
      return false;
    }
    waiting.decrementAndGet();
    line.remove(ticket);
    return true;
  }

  /**
   * The review is answered or its client is gone: gives its place back, or leaves the line. Safe to
   * call more than once.
   */
  void leave(Ticket ticket) {
    if (ticket.state.compareAndSet(ADMITTED, DONE)) {
      held.decrementAndGet();
      handOver();
    } else {
      giveUp(ticket);
    }
  }

  /** Places in all (at least 1). */
  int limit() {
    return limit;
  }

  /** Room in the line (0: none). */
  int maxWaiting() {
    return maxWaiting;
  }

  /** Reviews holding a place. */
  int held() {
    return held.get();
  }

  /** Reviews in the line. */
  int waiting() {
    return waiting.get();
  }

  private boolean tryHold() {
    for (int now = held.get(); now < limit; now = held.get()) {
      if (held.compareAndSet(now, now + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Gives free places to the line's head, as long as both exist. */
  private void handOver() {
    while (!line.isEmpty() && tryHold()) {
      Ticket next;
      do {
        next = line.poll();
      } while (next != null && !next.state.compareAndSet(WAITING, ADMITTED));
      if (next == null) {
        // Everyone in the line had given up: the place goes back, and the loop looks again in
        // case someone joined meanwhile.
        held.decrementAndGet();
        continue;
      }
      waiting.decrementAndGet();
      next.onAdmitted.run();
    }
  }
}
