package com.athletebatch.capability.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;

/** Where an observation came from: the logging event plus the corrections applied over it. */
public record Source(EventRef event, List<EventRef> corrections) {

  public Source {
    corrections = List.copyOf(corrections);
  }

  public static Source of(EventRef event) {
    return new Source(event, List.of());
  }

  /** When the performance happened (the logging event's timestamp, not the correction's). */
  public OffsetDateTime at() {
    return event.at();
  }

  public Stream<EventRef> refs() {
    return Stream.concat(Stream.of(event), corrections.stream());
  }
}
