package com.athletebatch.capability.events;

import java.util.Locale;

/** Normalises free-text sport / workout_type names so efforts of one sport compare. */
final class Sports {

    static final String RUNNING = "running";
    static final String CYCLING = "cycling";

    private Sports() {
    }

    static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.toLowerCase(Locale.ROOT).trim();
        if (s.contains("run") || s.equals("track") || s.contains("jog") || s.contains("sprint")) {
            return RUNNING;
        }
        if (s.contains("bike") || s.contains("cycl") || s.contains("ride") || s.contains("velo")) {
            return CYCLING;
        }
        if (s.contains("swim")) {
            return "swimming";
        }
        if (s.contains("row")) {
            return "rowing";
        }
        return s.isEmpty() ? null : s.replaceAll("[^a-z0-9]+", "_");
    }

    /** Exercise name → key ("Back Squat" → "back_squat"); ids are kept as logged. */
    static String exerciseKey(String exerciseId, String name) {
        if (exerciseId != null) {
            return exerciseId;
        }
        if (name == null) {
            return "unspecified_exercise";
        }
        String k = name.toLowerCase(Locale.ROOT).trim().replaceAll("[^\\p{L}\\p{N}]+", "_").replaceAll("^_|_$", "");
        return k.isEmpty() ? "unspecified_exercise" : k;
    }
}
