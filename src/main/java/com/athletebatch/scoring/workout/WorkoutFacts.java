package com.athletebatch.scoring.workout;

import java.time.LocalDateTime;

/**
 * One {@code "Workout"} row with what the scorer needs from its user, its planned workout and its
 * strength sets. Every metric is nullable (upstream columns are nullable), except those noted.
 */
public record WorkoutFacts(
    String id,
    String userId,
    LocalDateTime date, // NOT NULL upstream
    String type, // Ride, Run, WeightTraining, ...
    int durationSec, // NOT NULL upstream; 0 means no duration
    Integer elapsedTimeSec,
    Double distanceMeters,
    Integer elevationGain,
    // power
    Integer averageWatts,
    Integer maxWatts,
    Integer normalizedPower,
    Integer weightedAvgWatts,
    Integer ftp,
    Double intensity, // IF as stored upstream
    Double tss,
    Double variabilityIndex,
    Double efficiencyFactor,
    Double lrBalance, // left share in %, e.g. 49.5
    Integer kilojoules,
    // heart rate
    Integer averageHr,
    Integer maxHr, // the workout's max HR
    Integer trimp,
    Double decoupling, // aerobic decoupling in %
    // other
    Integer averageCadence,
    Integer maxCadence,
    Double averageSpeed, // m/s
    Integer rpe,
    Integer sessionRpe,
    Integer feel,
    // the athlete ("User"), used when the workout lacks them
    Integer userFtp,
    Integer userMaxHr,
    Integer userRestingHr,
    Integer userLthr,
    Double userWeightKg,
    String userSex,
    // the planned workout, if linked
    Integer plannedDurationSec,
    Double plannedTss,
    Double plannedWorkIntensity, // planned IF (0..~1.5)
    Double plannedDistanceMeters,
    String plannedType,
    // strength detail ("WorkoutExercise"/"WorkoutSet")
    int exerciseCount,
    int setCount,
    int setsWithReps,
    Double averageSetRpe) {}
