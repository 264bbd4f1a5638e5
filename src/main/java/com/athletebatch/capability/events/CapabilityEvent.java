package com.athletebatch.capability.events;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of kura's {@code events} table as the processor reads it.
 *
 * @param dataJson the raw {@code data} jsonb text; may be malformed or of the wrong JSON type,
 *     which the event pipeline reports as an issue instead of failing
 */
public record CapabilityEvent(
    UUID id, UUID userId, OffsetDateTime timestamp, String eventType, String dataJson) {}
