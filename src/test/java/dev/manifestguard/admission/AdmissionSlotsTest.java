package dev.manifestguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AdmissionSlotsTest {

  @Test
  @DisplayName("a place given back goes to the longest-waiting review, and the line is bounded")
  void firstComeFirstServed() {
    AdmissionSlots slots = new AdmissionSlots(1, 2);
    List<String> admitted = new ArrayList<>();
    AdmissionSlots.Ticket a = slots.enter(() -> admitted.add("a"));
    AdmissionSlots.Ticket b = slots.enter(() -> admitted.add("b"));
    AdmissionSlots.Ticket c = slots.enter(() -> admitted.add("c"));
    assertThat(a.queued()).isFalse();
    assertThat(b.queued()).isTrue();
    assertThat(c.queued()).isTrue();
    assertThat(slots.enter(() -> admitted.add("d"))).isNull();
    assertThat(slots.waiting()).isEqualTo(2);

    slots.leave(a);
    assertThat(admitted).containsExactly("b");
    assertThat(slots.giveUp(b)).isFalse();
    slots.leave(b);
    assertThat(admitted).containsExactly("b", "c");
    slots.leave(c);
    slots.leave(c);
    assertThat(slots.held()).isZero();
    assertThat(slots.waiting()).isZero();
  }

  @Test
  @DisplayName("a review that gives up leaves the line and never gets a place")
  void givingUp() {
    AdmissionSlots slots = new AdmissionSlots(1, 4);
    List<String> admitted = new ArrayList<>();
    AdmissionSlots.Ticket a = slots.enter(() -> admitted.add("a"));
    AdmissionSlots.Ticket b = slots.enter(() -> admitted.add("b"));
    AdmissionSlots.Ticket c = slots.enter(() -> admitted.add("c"));
    assertThat(slots.giveUp(b)).isTrue();
    assertThat(slots.giveUp(b)).isFalse();
    assertThat(slots.waiting()).isEqualTo(1);
    slots.leave(a);
    assertThat(admitted).containsExactly("c");
    slots.leave(c);
    assertThat(slots.held()).isZero();
  }

  @Test
  @DisplayName(
      "a place given back between finding none and joining the line goes to the review that joins")
  void placeFreedWhileJoining() {
    AdmissionSlots.Ticket[] first = new AdmissionSlots.Ticket[1];
    AdmissionSlots[] slots = new AdmissionSlots[1];
    slots[0] =
        new AdmissionSlots(
            1,
            4,
            () -> {
              if (first[0] != null) {
                slots[0].leave(first[0]);
              }
            });
    first[0] = slots[0].enter(() -> {});
    assertThat(first[0].queued()).isFalse();
    List<String> admitted = new ArrayList<>();
    AdmissionSlots.Ticket second = slots[0].enter(() -> admitted.add("second"));
    assertThat(second.queued()).isTrue();
    assertThat(admitted).containsExactly("second");
    assertThat(slots[0].held()).isEqualTo(1);
    assertThat(slots[0].waiting()).isZero();
  }

  @Test
  @DisplayName(
      "under contention no more than the limit hold a place and no waiting review is forgotten")
  void contention() throws Exception {
    int limit = 1;
    AdmissionSlots slots = new AdmissionSlots(limit, 64);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger mostInside = new AtomicInteger();
    AtomicInteger served = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> runs = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      runs.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 20_000; i++) {
                  CountDownLatch place = new CountDownLatch(1);
                  AdmissionSlots.Ticket ticket = slots.enter(place::countDown);
                  if (ticket == null) {
                    refused.incrementAndGet();
                    continue;
                  }
                  if (ticket.queued()) {
                    if (ThreadLocalRandom.current().nextInt(10) == 0 && slots.giveUp(ticket)) {
                      continue;
                    }
                    // A forgotten waiter would block here: the test fails on the timeout.
                    if (!place.await(10, TimeUnit.SECONDS)) {
                      throw new AssertionError("a waiting review was never admitted");
                    }
                  }
                  mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                  Thread.onSpinWait();
                  inside.decrementAndGet();
                  served.incrementAndGet();
                  slots.leave(ticket);
                }
                return null;
              }));
    }
    for (Future<?> run : runs) {
      run.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(mostInside.get()).isBetween(1, limit);
    // The line (64) has room for every thread (8): nobody is turned away.
    assertThat(refused.get()).isZero();
    assertThat(served.get()).isGreaterThan(0);
    assertThat(slots.held()).isZero();
    assertThat(slots.waiting()).isZero();
  }
}
