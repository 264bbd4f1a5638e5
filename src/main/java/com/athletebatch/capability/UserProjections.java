package com.athletebatch.capability;

import java.util.Map;
import java.util.UUID;

/** One user's four capability outputs, rendered as projections.data, on their way to the writer. */
public record UserProjections(UUID userId, UserEstimate estimate, Map<String, String> dataByKey) {}
