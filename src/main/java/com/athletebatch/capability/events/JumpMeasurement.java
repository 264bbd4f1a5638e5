package com.athletebatch.capability.events;

/**
 * One jump. At least one of the three measures is present; the estimator prefers them in the order
 * measured height, flight time, take-off velocity.
 *
 * @param sessionKey groups jumps into sessions (session_meta.session_id, else the event id)
 */
public record JumpMeasurement(
    Source source,
    String sessionKey,
    Double heightCm,
    Double flightTimeS,
    Double takeoffVelocityMps) {}
