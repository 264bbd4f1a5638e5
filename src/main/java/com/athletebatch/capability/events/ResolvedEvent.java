package com.athletebatch.capability.events;

import tools.jackson.databind.node.ObjectNode;

/**
 * A capability event that survived retractions, with all its corrections applied to {@code data}.
 */
public record ResolvedEvent(Source source, String eventType, ObjectNode data) {}
