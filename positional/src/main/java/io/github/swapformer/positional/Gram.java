package io.github.swapformer.positional;

/** The Gram matrix of the first rows of a (rows, C) table: the similarity pictures of absolute encodings. */
final class Gram {
    private Gram() {
    }

    static double[][] of(float[] table, int length, int C, double scale) {
        double[][] v = new double[length][length];
        for (int i = 0; i < length; i++) {
            for (int j = 0; j < length; j++) {
                double s = 0;
                for (int c = 0; c < C; c++) {
                    s += (double) table[i * C + c] * table[j * C + c];
                }
                v[i][j] = s * scale;
            }
        }
        return v;
    }
}
