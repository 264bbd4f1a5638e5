package com.athletebatch.capability;

import com.athletebatch.capability.EventPrefetcher.FetchedEvent;
import com.athletebatch.capability.EventPrefetcher.Page;
import com.athletebatch.capability.events.EventTypes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A full run's estimates, one page of users ahead of the chunk that asks for them. While the chunk
 * thread writes one chunk and reads the next users, a background thread reads the next page of
 * events (on its own connection, outside the chunk's transaction: events are only appended) and a
 * pool estimates that page's users. So the database's reading, the estimation and the writing
 * overlap instead of taking turns, and the estimation uses every core.
 *
 * <p>The reader asks for users in the order pages are read, so a user is found in the current page
 * or the next one; anything else (the first user, a restart's first user, the user after an
 * oversized one) starts the pipeline again from that user. At most two pages are held. A failed
 * read or estimate is thrown on the chunk thread as it was raised, so the step sees the same
 * exception it would have seen from a synchronous read.
 */
final class EstimatePipeline implements AutoCloseable {

  private final Function<UUID, Page> pages;
  private final Function<UUID, List<FetchedEvent>> single;
  private final BiFunction<UUID, List<FetchedEvent>, UserProjections> estimate;
  private final int threads;

  private ExecutorService reads;
  private ExecutorService estimates;
  private Loaded current;
  private Future<Loaded> next;

  /**
   * A page whose users' estimates are under way, and where the next page starts (null: none known).
   */
  private record Loaded(Map<UUID, Future<UserProjections>> users, UUID nextFrom) {}

  EstimatePipeline(
      EventPrefetcher prefetcher,
      BiFunction<UUID, List<FetchedEvent>, UserProjections> estimate,
      int threads) {
    this(prefetcher::page, prefetcher::single, estimate, threads);
  }

  /**
   * @param pages the page that starts at a user; @param single one user's events on their own
   */
  EstimatePipeline(
      Function<UUID, Page> pages,
      Function<UUID, List<FetchedEvent>> single,
      BiFunction<UUID, List<FetchedEvent>, UserProjections> estimate,
      int threads) {
    this.pages = pages;
    this.single = single;
    this.estimate = estimate;
    this.threads = Math.max(1, threads);
  }

  /** The user's estimate: from the pipeline, or (a user no page holds) read and estimated here. */
  UserProjections estimateOf(UUID user) throws Exception {
    if (reads == null) {
      reads = Executors.newSingleThreadExecutor(daemon("capability-read"));
      estimates = Executors.newFixedThreadPool(threads, daemon("capability-estimate"));
    }
    Future<UserProjections> result = current == null ? null : current.users().remove(user);
    if (result == null && next != null) {
      Future<Loaded> following = next;
      next = null; // a failed read is not awaited again: the next call reads afresh
      advance(await(following));
      result = current.users().remove(user);
    }
    if (result == null) {
      discard();
      advance(await(reads.submit(() -> load(user))));
      result = current.users().remove(user);
    }
    if (result == null) {
      // Listed by the reader but in no page (e.g. its only capability event is gone): read it
      // alone.
      return estimate.apply(user, single.apply(user));
    }
    return await(result);
  }

  /** Makes {@code page} current and starts reading the one after it. */
  private void advance(Loaded page) {
    cancel(current);
    current = page;
    next = page.nextFrom() == null ? null : reads.submit(() -> load(page.nextFrom()));
  }

  /** On the read thread: one page read, and each of its users' estimate handed to the pool. */
  private Loaded load(UUID from) {
    Page page = pages.apply(from);
    Map<UUID, Future<UserProjections>> users = new HashMap<>();
    page.users()
        .forEach(
            (user, events) -> {
              // Users with only retractions are not listed by the reader: not worth estimating.
              if (events.stream().anyMatch(e -> !EventTypes.RETRACTED.equals(e.eventType()))) {
                users.put(user, estimates.submit(() -> estimate.apply(user, events)));
              }
            });
    return new Loaded(users, page.nextFrom());
  }

  private void discard() {
    cancel(current);
    current = null;
    if (next != null) {
      next.cancel(false); // a read under way finishes; its page is dropped
      if (next.isDone() && !next.isCancelled()) {
        try {
          cancel(next.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
          // a read nobody waits for any more
        }
      }
      next = null;
    }
  }

  private static void cancel(Loaded page) {
    if (page != null) {
      page.users().values().forEach(f -> f.cancel(true));
    }
  }

  @Override
  public void close() {
    discard();
    if (reads != null) {
      reads.shutdownNow();
      estimates.shutdownNow();
      reads = null;
      estimates = null;
    }
  }

  /** The task's result, or the exception it raised, unwrapped. */
  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
