package io.github.swapformer.positional;

/**
 * Precomputed cos/sin of a rotary encoding, one row per position, each row expanded to the
 * rotated dimensions with the sign folded in: a rotation is then
 * {@code y[d] = x[d]·cos[d] + x[partner(d)]·sin[d]} for every d, and its transpose (the backward
 * pass, a rotation by −θ) uses {@code negSin}. An amplitude per row and frequency carries
 * YaRN's attention temperature and xPos's decay ζ^(p/scaleBase).
 */
public final class RotaryTable {
    /**
     * Encodings cache a table for positions below this; farther positions (long evaluations, big
     * cache offsets) get a table of just the positions of the call, so memory never follows the
     * largest position.
     */
    public static final int CACHED_POSITIONS = 1 << 16;

    private final RotaryPairing pairing;
    private final int rotDim;
    private final int rows;
    private final float[] cos;
    private final float[] sin;
    private final float[] negSin;

    private RotaryTable(RotaryPairing pairing, int rotDim, int rows, float[] cos, float[] sin, float[] negSin) {
        this.pairing = pairing;
        this.rotDim = rotDim;
        this.rows = rows;
        this.cos = cos;
        this.sin = sin;
        this.negSin = negSin;
    }

    /**
     * A table with one row per entry of {@code positions} (which may be fractional, e.g. for
     * position interpolation): angle {@code positions[r]·invFreq[i]}, amplitude
     * {@code gain · zeta[i]^(positions[r]·zetaExponent)} ({@code zeta} null means 1).
     */
    public static RotaryTable of(RotaryPairing pairing, int rotDim, double[] positions, double[] invFreq,
                                 double gain, double[] zeta, double zetaExponent) {
        if (rotDim < 2 || rotDim % 2 != 0) {
            throw new IllegalArgumentException("rotDim " + rotDim + " must be even and at least 2");
        }
        if (invFreq.length != rotDim / 2) {
            throw new IllegalArgumentException("invFreq has " + invFreq.length + " frequencies, rotDim " + rotDim + " needs " + rotDim / 2);
        }
        int rows = positions.length;
        float[] cos = new float[rows * rotDim];
        float[] sin = new float[rows * rotDim];
        float[] negSin = new float[rows * rotDim];
        for (int r = 0; r < rows; r++) {
            for (int d = 0; d < rotDim; d++) {
                int i = pairing.frequency(d, rotDim);
                double angle = positions[r] * invFreq[i];
                double amp = gain * (zeta == null ? 1.0 : Math.pow(zeta[i], positions[r] * zetaExponent));
                double s = amp * Math.sin(angle);
                int o = r * rotDim + d;
                cos[o] = (float) (amp * Math.cos(angle));
                sin[o] = (float) (pairing.isFirst(d, rotDim) ? -s : s);
                negSin[o] = -sin[o];
            }
        }
        return new RotaryTable(pairing, rotDim, rows, cos, sin, negSin);
    }

    /** A table for the integer positions 0 … rows−1. */
    public static RotaryTable ofPositions(RotaryPairing pairing, int rotDim, int rows, double[] invFreq,
                                          double gain, double[] zeta, double zetaExponent) {
        double[] positions = new double[rows];
        for (int p = 0; p < rows; p++) {
            positions[p] = p;
        }
        return of(pairing, rotDim, positions, invFreq, gain, zeta, zetaExponent);
    }

    /**
     * A table with one row per entry of {@code positions}; {@code positions} is overwritten with the
     * row indices 0, 1, … so that it can be passed to {@link Rotary#apply} as the rows to read.
     */
    public static RotaryTable ofTokens(RotaryPairing pairing, int rotDim, int[] positions, double[] invFreq,
                                       double gain, double[] zeta, double zetaExponent) {
        double[] p = new double[positions.length];
        for (int i = 0; i < positions.length; i++) {
            p[i] = positions[i];
            positions[i] = i;
        }
        return of(pairing, rotDim, p, invFreq, gain, zeta, zetaExponent);
    }

    public RotaryPairing pairing() {
        return pairing;
    }

    public int rotDim() {
        return rotDim;
    }

    public int rows() {
        return rows;
    }

    float[] cos() {
        return cos;
    }

    float[] sin() {
        return sin;
    }

    float[] negSin() {
        return negSin;
    }
}
