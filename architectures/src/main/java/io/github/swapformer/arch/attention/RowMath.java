package io.github.swapformer.arch.attention;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The three head-sized vector operations the streaming kernel is built from: its scalar
 * specification ({@link #SCALAR}) and the Vector API twin ({@link #SIMD}: {@code SPECIES_PREFERRED},
 * {@code loopBound}, {@code fma}, scalar tail). The kernel's {@code …Scalar} and {@code …Simd}
 * methods are one row algorithm run with one or the other; the twin differs by rounding only.
 */
interface RowMath {
    /** Σ a[ao + i]·b[bo + i] for i &lt; n. */
    float dot(float[] a, int ao, float[] b, int bo, int n);

    /** y[yo + i] += alpha·x[xo + i] for i &lt; n. */
    void axpy(float[] y, int yo, float alpha, float[] x, int xo, int n);

    /** y[yo + i] *= c for i &lt; n. */
    void scale(float[] y, int yo, float c, int n);

    RowMath SCALAR = new RowMath() {
        @Override
        public float dot(float[] a, int ao, float[] b, int bo, int n) {
            float s = 0f;
            for (int i = 0; i < n; i++) {
                s += a[ao + i] * b[bo + i];
            }
            return s;
        }

        @Override
        public void axpy(float[] y, int yo, float alpha, float[] x, int xo, int n) {
            for (int i = 0; i < n; i++) {
                y[yo + i] += alpha * x[xo + i];
            }
        }

        @Override
        public void scale(float[] y, int yo, float c, int n) {
            for (int i = 0; i < n; i++) {
                y[yo + i] *= c;
            }
        }
    };

    RowMath SIMD = new Vectorized();

    /** The twin; its species is a static constant, as the Vector API needs to compile to plain vector code. */
    final class Vectorized implements RowMath {
        private static final VectorSpecies<Float> species = FloatVector.SPECIES_PREFERRED;

        @Override
        public float dot(float[] a, int ao, float[] b, int bo, int n) {
            int bound = species.loopBound(n);
            FloatVector acc = FloatVector.zero(species);
            int i = 0;
            for (; i < bound; i += species.length()) {
                acc = FloatVector.fromArray(species, a, ao + i).fma(FloatVector.fromArray(species, b, bo + i), acc);
            }
            float s = acc.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                s += a[ao + i] * b[bo + i];
            }
            return s;
        }

        @Override
        public void axpy(float[] y, int yo, float alpha, float[] x, int xo, int n) {
            int bound = species.loopBound(n);
            FloatVector va = FloatVector.broadcast(species, alpha);
            int i = 0;
            for (; i < bound; i += species.length()) {
                FloatVector.fromArray(species, x, xo + i).fma(va, FloatVector.fromArray(species, y, yo + i)).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] += alpha * x[xo + i];
            }
        }

        @Override
        public void scale(float[] y, int yo, float c, int n) {
            int bound = species.loopBound(n);
            int i = 0;
            for (; i < bound; i += species.length()) {
                FloatVector.fromArray(species, y, yo + i).mul(c).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] *= c;
            }
        }
    }
}
