package com.athletebatch.scoring.workout;

import java.time.LocalDateTime;

/** Test builder: every field null/0 unless set. Generated from the record's components. */
final class WorkoutFactsBuilder {

  private String id;
  private String userId;
  private LocalDateTime date;
  private String type;
  private int durationSec;
  private Integer elapsedTimeSec;
  private Double distanceMeters;
  private Integer elevationGain;
  private Integer averageWatts;
  private Integer maxWatts;
  private Integer normalizedPower;
  private Integer weightedAvgWatts;
  private Integer ftp;
  private Double intensity;
  private Double tss;
  private Double variabilityIndex;
  private Double efficiencyFactor;
  private Double lrBalance;
  private Integer kilojoules;
  private Integer averageHr;
  private Integer maxHr;
  private Integer trimp;
  private Double decoupling;
  private Integer averageCadence;
  private Integer maxCadence;
  private Double averageSpeed;
  private Integer rpe;
  private Integer sessionRpe;
  private Integer feel;
  private Integer userFtp;
  private Integer userMaxHr;
  private Integer userRestingHr;
  private Integer userLthr;
  private Double userWeightKg;
  private String userSex;
  private Integer plannedDurationSec;
  private Double plannedTss;
  private Double plannedWorkIntensity;
  private Double plannedDistanceMeters;
  private String plannedType;
  private int exerciseCount;
  private int setCount;
  private int setsWithReps;
  private Double averageSetRpe;

  WorkoutFactsBuilder id(String v) {
    this.id = v;
    return this;
  }

  WorkoutFactsBuilder userId(String v) {
    this.userId = v;
    return this;
  }

  WorkoutFactsBuilder date(LocalDateTime v) {
    this.date = v;
    return this;
  }

  WorkoutFactsBuilder type(String v) {
    this.type = v;
    return this;
  }

  WorkoutFactsBuilder durationSec(int v) {
    this.durationSec = v;
    return this;
  }

  WorkoutFactsBuilder elapsedTimeSec(Integer v) {
    this.elapsedTimeSec = v;
    return this;
  }

  WorkoutFactsBuilder distanceMeters(Double v) {
    this.distanceMeters = v;
    return this;
  }

  WorkoutFactsBuilder elevationGain(Integer v) {
    this.elevationGain = v;
    return this;
  }

  WorkoutFactsBuilder averageWatts(Integer v) {
    this.averageWatts = v;
    return this;
  }

  WorkoutFactsBuilder maxWatts(Integer v) {
    this.maxWatts = v;
    return this;
  }

  WorkoutFactsBuilder normalizedPower(Integer v) {
    this.normalizedPower = v;
    return this;
  }

  WorkoutFactsBuilder weightedAvgWatts(Integer v) {
    this.weightedAvgWatts = v;
    return this;
  }

  WorkoutFactsBuilder ftp(Integer v) {
    this.ftp = v;
    return this;
  }

  WorkoutFactsBuilder intensity(Double v) {
    this.intensity = v;
    return this;
  }

  WorkoutFactsBuilder tss(Double v) {
    this.tss = v;
    return this;
  }

  WorkoutFactsBuilder variabilityIndex(Double v) {
    this.variabilityIndex = v;
    return this;
  }

  WorkoutFactsBuilder efficiencyFactor(Double v) {
    this.efficiencyFactor = v;
    return this;
  }

  WorkoutFactsBuilder lrBalance(Double v) {
    this.lrBalance = v;
    return this;
  }

  WorkoutFactsBuilder kilojoules(Integer v) {
    this.kilojoules = v;
    return this;
  }

  WorkoutFactsBuilder averageHr(Integer v) {
    this.averageHr = v;
    return this;
  }

  WorkoutFactsBuilder maxHr(Integer v) {
    this.maxHr = v;
    return this;
  }

  WorkoutFactsBuilder trimp(Integer v) {
    this.trimp = v;
    return this;
  }

  WorkoutFactsBuilder decoupling(Double v) {
    this.decoupling = v;
    return this;
  }

  WorkoutFactsBuilder averageCadence(Integer v) {
    this.averageCadence = v;
    return this;
  }

  WorkoutFactsBuilder maxCadence(Integer v) {
    this.maxCadence = v;
    return this;
  }

  WorkoutFactsBuilder averageSpeed(Double v) {
    this.averageSpeed = v;
    return this;
  }

  WorkoutFactsBuilder rpe(Integer v) {
    this.rpe = v;
    return this;
  }

  WorkoutFactsBuilder sessionRpe(Integer v) {
    this.sessionRpe = v;
    return this;
  }

  WorkoutFactsBuilder feel(Integer v) {
    this.feel = v;
    return this;
  }

  WorkoutFactsBuilder userFtp(Integer v) {
    this.userFtp = v;
    return this;
  }

  WorkoutFactsBuilder userMaxHr(Integer v) {
    this.userMaxHr = v;
    return this;
  }

  WorkoutFactsBuilder userRestingHr(Integer v) {
    this.userRestingHr = v;
    return this;
  }

  WorkoutFactsBuilder userLthr(Integer v) {
    this.userLthr = v;
    return this;
  }

  WorkoutFactsBuilder userWeightKg(Double v) {
    this.userWeightKg = v;
    return this;
  }

  WorkoutFactsBuilder userSex(String v) {
    this.userSex = v;
    return this;
  }

  WorkoutFactsBuilder plannedDurationSec(Integer v) {
    this.plannedDurationSec = v;
    return this;
  }

  WorkoutFactsBuilder plannedTss(Double v) {
    this.plannedTss = v;
    return this;
  }

  WorkoutFactsBuilder plannedWorkIntensity(Double v) {
    this.plannedWorkIntensity = v;
    return this;
  }

  WorkoutFactsBuilder plannedDistanceMeters(Double v) {
    this.plannedDistanceMeters = v;
    return this;
  }

  WorkoutFactsBuilder plannedType(String v) {
    this.plannedType = v;
    return this;
  }

  WorkoutFactsBuilder exerciseCount(int v) {
    this.exerciseCount = v;
    return this;
  }

  WorkoutFactsBuilder setCount(int v) {
    this.setCount = v;
    return this;
  }

  WorkoutFactsBuilder setsWithReps(int v) {
    this.setsWithReps = v;
    return this;
  }

  WorkoutFactsBuilder averageSetRpe(Double v) {
    this.averageSetRpe = v;
    return this;
  }

  WorkoutFacts build() {
    return new WorkoutFacts(
        id,
        userId,
        date,
        type,
        durationSec,
        elapsedTimeSec,
        distanceMeters,
        elevationGain,
        averageWatts,
        maxWatts,
        normalizedPower,
        weightedAvgWatts,
        ftp,
        intensity,
        tss,
        variabilityIndex,
        efficiencyFactor,
        lrBalance,
        kilojoules,
        averageHr,
        maxHr,
        trimp,
        decoupling,
        averageCadence,
        maxCadence,
        averageSpeed,
        rpe,
        sessionRpe,
        feel,
        userFtp,
        userMaxHr,
        userRestingHr,
        userLthr,
        userWeightKg,
        userSex,
        plannedDurationSec,
        plannedTss,
        plannedWorkIntensity,
        plannedDistanceMeters,
        plannedType,
        exerciseCount,
        setCount,
        setsWithReps,
        averageSetRpe);
  }
}
