package com.athletebatch.capability.estimators;

import com.athletebatch.capability.events.SprintEffort.Split;
import java.util.List;

/**
 * Fits v(t) = MSS·(1 − e^(−t/τ)) to cumulative splits. Integrated, the position is
 * x(t) = MSS·(t − τ·(1 − e^(−t/τ))), linear in MSS for a fixed τ; so a grid over τ
 * (0.30…3.00 s, step 0.001) with the closed-form least-squares MSS = Σx·f / Σf² finds the
 * least-squares pair. Start = first movement (no reaction time correction).
 */
public final class MonoExponentialFit {

    static final double TAU_MIN = 0.30;
    static final double TAU_MAX = 3.00;
    static final double TAU_STEP = 0.001;

    /** The fitted parameters and root-mean-square residual in metres. */
    public record Result(double mss, double tau, double rmseM) {
    }

    private MonoExponentialFit() {
    }

    /** Null when fewer than two splits or when the best τ sits on the grid edge (no real optimum). */
    public static Result fit(List<Split> splits) {
        if (splits.size() < 2) {
            return null;
        }
        // Each split's shape is computed once per τ (the same arithmetic in the same order as
        // summing over shape(…) twice, so the same result, at half the exp() calls).
        int n = splits.size();
        double[] times = new double[n];
        double[] distances = new double[n];
        for (int j = 0; j < n; j++) {
            times[j] = splits.get(j).timeS();
            distances[j] = splits.get(j).distanceM();
        }
        double[] f = new double[n];
        double bestSse = Double.POSITIVE_INFINITY;
        double bestMss = Double.NaN;
        double bestTau = Double.NaN;
        int steps = (int) Math.round((TAU_MAX - TAU_MIN) / TAU_STEP);
        for (int i = 0; i <= steps; i++) {
            double tau = TAU_MIN + i * TAU_STEP;
            double sxf = 0, sff = 0;
            for (int j = 0; j < n; j++) {
                f[j] = shape(times[j], tau);
                sxf += distances[j] * f[j];
                sff += f[j] * f[j];
            }
            double mss = sxf / sff;
            double sse = 0;
            for (int j = 0; j < n; j++) {
                double r = distances[j] - mss * f[j];
                sse += r * r;
            }
            if (sse < bestSse) {
                bestSse = sse;
                bestMss = mss;
                bestTau = tau;
            }
        }
        if (Double.isNaN(bestTau)) {
            return null; // no finite residual at any τ
        }
        Result best = new Result(bestMss, bestTau, Math.sqrt(bestSse / n));
        boolean onEdge = best.tau() <= TAU_MIN + TAU_STEP / 2 || best.tau() >= TAU_MAX - TAU_STEP / 2;
        return onEdge || !Double.isFinite(best.mss()) ? null : best;
    }

    /** x(t)/MSS for a given τ. */
    static double shape(double t, double tau) {
        return t - tau * (1 - Math.exp(-t / tau));
    }

    /** Position at time t for given MSS and τ (used by tests to build synthetic splits). */
    public static double position(double t, double mss, double tau) {
        return mss * shape(t, tau);
    }
}
