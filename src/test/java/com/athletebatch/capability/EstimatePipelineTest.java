package com.athletebatch.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.athletebatch.capability.EventPrefetcher.FetchedEvent;
import com.athletebatch.capability.EventPrefetcher.Page;
import com.athletebatch.capability.events.EventTypes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline against an in-memory event store paged like {@link EventPrefetcher#page}: every user
 * asked for gets the estimate of exactly its own events, each page is read once when users are
 * asked for in order, and failures reach the asking thread as raised.
 */
class EstimatePipelineTest {

  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  /**
   * Users in the database's order, each with its events; pages of at most {@code pageEvents} rows.
   */
  static final class Store {
    final List<UUID> users = new ArrayList<>();
    final Map<UUID, List<FetchedEvent>> events = new LinkedHashMap<>();
    final int pageEvents;
    final AtomicInteger pageReads = new AtomicInteger();
    final AtomicInteger singleReads = new AtomicInteger();

    /** The next read of the page that starts at this user throws {@code failure}. */
    volatile UUID failFrom;

    volatile RuntimeException failure;

    Store(int pageEvents) {
      this.pageEvents = pageEvents;
    }

    UUID add(int count, String type) {
      UUID user = new UUID(users.size() + 1, 0);
      users.add(user);
      List<FetchedEvent> list = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        list.add(
            new FetchedEvent(
                new UUID(users.size(), i + 1), user, T0.plusMinutes(i), type, "{}", null, null));
      }
      events.put(user, list);
      return user;
    }

    /**
     * As EventPrefetcher.page: complete users only; the last one of a full page starts the next.
     */
    Page page(UUID from) {
      pageReads.incrementAndGet();
      if (from.equals(failFrom)) {
        failFrom = null;
        throw failure;
      }
      Map<UUID, List<FetchedEvent>> byUser = new LinkedHashMap<>();
      int rows = 0;
      UUID last = null;
      for (int i = users.indexOf(from); i < users.size() && rows < pageEvents; i++) {
        last = users.get(i);
        List<FetchedEvent> all = events.get(last);
        int take = Math.min(all.size(), pageEvents - rows);
        byUser.put(last, all.subList(0, take));
        rows += take;
      }
      if (rows < pageEvents) {
        return new Page(byUser, null);
      }
      byUser.remove(last);
      if (byUser.isEmpty()) {
        byUser.put(last, single(last));
        return new Page(byUser, null);
      }
      return new Page(byUser, last);
    }

    List<FetchedEvent> single(UUID user) {
      singleReads.incrementAndGet();
      return events.get(user);
    }

    /** The pages a run through every user from the first one reads. */
    int pagesFromTheStart() {
      int pages = 0;
      UUID from = users.get(0);
      while (from != null) {
        pages++;
        from = pageQuietly(from).nextFrom();
      }
      return pages;
    }

    /** A page as the pipeline would read it, not counted. */
    Page pageQuietly(UUID from) {
      int singles = singleReads.get();
      Page page = page(from);
      pageReads.decrementAndGet();
      singleReads.set(singles);
      return page;
    }
  }

  private final Map<UUID, AtomicInteger> estimated = new ConcurrentHashMap<>();
  private EstimatePipeline pipeline;

  @AfterEach
  void close() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  /** The estimate of a user: the ids of the events it was given, in order. */
  private UserProjections estimate(UUID user, List<FetchedEvent> events) {
    estimated.computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet();
    return new UserProjections(user, null, Map.of("events", ids(events)));
  }

  private static String ids(List<FetchedEvent> events) {
    return events.stream().map(e -> e.id().toString()).collect(Collectors.joining(","));
  }

  /** The user's estimate was made from exactly its own events, in order. */
  private static void assertOwnEvents(EstimatePipeline pipeline, Store store, UUID user)
      throws Exception {
    assertThat(pipeline.estimateOf(user).dataByKey().get("events"))
        .as("user %s", user)
        .isEqualTo(ids(store.events.get(user)));
  }

  private EstimatePipeline pipeline(Store store) {
    pipeline = new EstimatePipeline(store::page, store::single, this::estimate, 2);
    return pipeline;
  }

  private static Store store(int users, int pageEvents) {
    Store store = new Store(pageEvents);
    for (int i = 0; i < users; i++) {
      store.add(1 + (i * 7) % 30, EventTypes.SET_LOGGED);
    }
    return store;
  }

  @Test
  void every_user_gets_its_own_events_and_each_page_is_read_once() throws Exception {
    Store store = store(200, 50);
    EstimatePipeline pipeline = pipeline(store);
    for (UUID user : store.users) {
      assertOwnEvents(pipeline, store, user);
    }
    assertThat(store.pageReads.get()).isEqualTo(store.pagesFromTheStart()).isGreaterThan(50);
    assertThat(store.singleReads.get()).isZero();
    assertThat(estimated.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
  }

  @Test
  void a_user_with_more_events_than_a_page_is_read_on_its_own() throws Exception {
    Store store = new Store(50);
    UUID before = store.add(10, EventTypes.SET_LOGGED);
    UUID big = store.add(120, EventTypes.SET_LOGGED);
    UUID after = store.add(5, EventTypes.SESSION_LOGGED);
    EstimatePipeline pipeline = pipeline(store);
    for (UUID user : List.of(before, big, after)) {
      assertOwnEvents(pipeline, store, user);
    }
    assertThat(store.events.get(big)).hasSize(120);
    assertThat(store.singleReads.get()).isEqualTo(1);
  }

  @Test
  void users_with_only_retractions_are_not_estimated() throws Exception {
    Store store = new Store(1000);
    UUID first = store.add(3, EventTypes.SET_LOGGED);
    UUID onlyRetractions = store.add(2, EventTypes.RETRACTED);
    UUID last = store.add(3, EventTypes.SET_LOGGED);
    EstimatePipeline pipeline = pipeline(store);
    pipeline.estimateOf(first);
    pipeline.estimateOf(last);
    assertThat(estimated).containsOnlyKeys(first, last);
  }

  @Test
  void users_asked_for_out_of_order_restart_the_pipeline_there() throws Exception {
    Store store = store(120, 40);
    EstimatePipeline pipeline = pipeline(store);
    // A restart's first user, a jump back (a chunk processed again) and a jump ahead.
    for (int i : new int[] {60, 61, 62, 10, 11, 100, 119}) {
      UUID user = store.users.get(i);
      assertOwnEvents(pipeline, store, user);
    }
  }

  @Test
  void a_failed_background_read_reaches_the_asking_thread_as_raised_and_the_next_call_reads_again()
      throws Exception {
    Store store = store(100, 40);
    UUID secondPage = store.pageQuietly(store.users.get(0)).nextFrom();
    store.pageReads.set(0);
    store.failure = new IllegalStateException("the database went away");
    store.failFrom = secondPage;
    EstimatePipeline pipeline = pipeline(store);

    int index = 0;
    while (!store.users.get(index).equals(secondPage)) {
      pipeline.estimateOf(store.users.get(index++)); // the first page; the second is read meanwhile
    }
    assertThatThrownBy(() -> pipeline.estimateOf(secondPage)).isSameAs(store.failure);
    // The same user again: read afresh, and the run goes on to the end.
    for (; index < store.users.size(); index++) {
      UUID user = store.users.get(index);
      assertOwnEvents(pipeline, store, user);
    }
    assertThat(store.pageReads.get()).isEqualTo(store.pagesFromTheStart() + 1);
  }

  @Test
  void an_estimate_that_throws_is_thrown_on_the_asking_thread() throws Exception {
    Store store = store(10, 1000);
    IllegalArgumentException bug = new IllegalArgumentException("estimator bug");
    UUID bad = store.users.get(3);
    pipeline =
        new EstimatePipeline(
            store::page,
            store::single,
            (user, events) -> {
              if (user.equals(bad)) {
                throw bug;
              }
              return estimate(user, events);
            },
            2);
    pipeline.estimateOf(store.users.get(0));
    assertThatThrownBy(() -> pipeline.estimateOf(bad)).isSameAs(bug);
    assertThat(pipeline.estimateOf(store.users.get(4)).userId()).isEqualTo(store.users.get(4));
  }
}
