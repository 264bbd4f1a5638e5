package com.athletebatch.capability;

import com.athletebatch.capability.events.CapabilityEvent;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds one user's event list in (timestamp, id) order, one minute apart unless told otherwise.
 */
public final class TestEvents {

  public static final OffsetDateTime AS_OF =
      OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC);
  public static final UUID USER = UUID.fromString("00000000-0000-7000-8000-00000000a001");

  private final List<CapabilityEvent> events = new ArrayList<>();
  private OffsetDateTime clock = AS_OF.minusDays(7);
  private int counter;

  public static TestEvents user() {
    return new TestEvents();
  }

  /** Sets the time of the next event. */
  public TestEvents at(OffsetDateTime t) {
    clock = t;
    return this;
  }

  public TestEvents daysBefore(int days) {
    return at(AS_OF.minusDays(days));
  }

  /** The id the next added event will get. */
  public UUID nextId() {
    return new UUID(0x0000000000007000L, 0x8000000000000000L + counter + 1);
  }

  /** Adds an event with a fresh id; returns that id. */
  public UUID add(String type, String json) {
    UUID id = nextId();
    counter++;
    events.add(new CapabilityEvent(id, USER, clock, type, json));
    clock = clock.plusMinutes(1);
    return id;
  }

  public TestEvents with(String type, String json) {
    add(type, json);
    return this;
  }

  public List<CapabilityEvent> list() {
    return List.copyOf(events);
  }

  /** Single quotes → double quotes, so payloads read well in Java strings. */
  public static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }
}
