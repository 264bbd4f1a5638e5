package com.athletebatch.capability.events;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An event's identity and place in the user's (timestamp, id) ordered list. {@code seq} breaks
 * timestamp ties exactly as the database ordered them (Java's UUID order differs from
 * PostgreSQL's).
 */
public record EventRef(UUID id, OffsetDateTime at, int seq) {}
