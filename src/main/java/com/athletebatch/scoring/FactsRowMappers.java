package com.athletebatch.scoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

import com.athletebatch.scoring.nutrition.NutritionFacts;
import com.athletebatch.scoring.workout.WorkoutFacts;
import org.springframework.jdbc.core.RowMapper;

/** Maps the reader's rows (see {@link ScoringQueries#readerFrom}) to the scorers' input records. */
public final class FactsRowMappers {

    private FactsRowMappers() {
    }

    public static final RowMapper<WorkoutFacts> WORKOUT = (rs, n) -> new WorkoutFacts(
            rs.getString("id"), rs.getString("userId"), timestamp(rs, "date").toLocalDateTime(),
            rs.getString("type"), rs.getInt("durationSec"), integer(rs, "elapsedTimeSec"),
            dbl(rs, "distanceMeters"), integer(rs, "elevationGain"),
            integer(rs, "averageWatts"), integer(rs, "maxWatts"), integer(rs, "normalizedPower"),
            integer(rs, "weightedAvgWatts"), integer(rs, "ftp"), dbl(rs, "intensity"), dbl(rs, "tss"),
            dbl(rs, "variabilityIndex"), dbl(rs, "efficiencyFactor"), dbl(rs, "lrBalance"),
            integer(rs, "kilojoules"),
            integer(rs, "averageHr"), integer(rs, "maxHr"), integer(rs, "trimp"), dbl(rs, "decoupling"),
            integer(rs, "averageCadence"), integer(rs, "maxCadence"), dbl(rs, "averageSpeed"),
            integer(rs, "rpe"), integer(rs, "sessionRpe"), integer(rs, "feel"),
            integer(rs, "userFtp"), integer(rs, "userMaxHr"), integer(rs, "userRestingHr"),
            integer(rs, "userLthr"), dbl(rs, "userWeight"), rs.getString("userSex"),
            integer(rs, "plannedDurationSec"), dbl(rs, "plannedTss"), dbl(rs, "plannedWorkIntensity"),
            dbl(rs, "plannedDistanceMeters"), rs.getString("plannedType"),
            rs.getInt("exerciseCount"), rs.getInt("setCount"), rs.getInt("setsWithReps"),
            dbl(rs, "averageSetRpe"));

    public static final RowMapper<NutritionFacts> NUTRITION = (rs, n) -> new NutritionFacts(
            rs.getString("id"), rs.getString("userId"), rs.getDate("date").toLocalDate(),
            integer(rs, "calories"), dbl(rs, "protein"), dbl(rs, "carbs"), dbl(rs, "fat"),
            dbl(rs, "fiber"), dbl(rs, "sugar"),
            rs.getString("breakfast"), rs.getString("lunch"), rs.getString("dinner"), rs.getString("snacks"),
            integer(rs, "caloriesGoal"), dbl(rs, "proteinGoal"), dbl(rs, "carbsGoal"), dbl(rs, "fatGoal"),
            integer(rs, "waterMl"), rs.getString("notes"),
            dbl(rs, "userWeight"), rs.getString("userSex"), rs.getInt("trainingSeconds"));

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Double dbl(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Timestamp timestamp(ResultSet rs, String column) throws SQLException {
        return rs.getTimestamp(column);
    }
}
