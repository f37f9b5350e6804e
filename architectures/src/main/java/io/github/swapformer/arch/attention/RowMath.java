package io.github.swapformer.arch.attention;

import io.github.swapformer.core.kernel.Lanes;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The three head-sized vector operations the streaming kernel is built from: its scalar
 * specification ({@link #SCALAR}) and the Vector API twin ({@link #simd()}: {@code SPECIES_PREFERRED},
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

    /** out[oo + i] = a[ao ..)·b[bo + i·n ..) for the {@code count} consecutive rows i of b (each n long). */
    void dots(float[] out, int oo, float[] a, int ao, float[] b, int bo, int count, int n);

    /** y[yo ..) += Σ_i c[co + i]·x[xo + i·n ..) over {@code count} consecutive rows of x (each n long). */
    void combine(float[] y, int yo, float[] c, int co, float[] x, int xo, int count, int n);

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

        @Override
        public void dots(float[] out, int oo, float[] a, int ao, float[] b, int bo, int count, int n) {
            for (int i = 0; i < count; i++) {
                out[oo + i] = dot(a, ao, b, bo + i * n, n);
            }
        }

        @Override
        public void combine(float[] y, int yo, float[] c, int co, float[] x, int xo, int count, int n) {
            for (int i = 0; i < count; i++) {
                axpy(y, yo, c[co + i], x, xo + i * n, n);
            }
        }
    };

    /**
     * The Vector API twin. A method, not a constant: an interface constant is created when the
     * interface initializes, which would load Vector API classes on the scalar path too.
     */
    static RowMath simd() {
        return Vectorized.INSTANCE;
    }

    /** The twin; its species is a static constant, as the Vector API needs to compile to plain vector code. */
    final class Vectorized implements RowMath {
        private static final VectorSpecies<Float> species = FloatVector.SPECIES_PREFERRED;
        static final RowMath INSTANCE = new Vectorized();

        @Override
        public float dot(float[] a, int ao, float[] b, int bo, int n) {
            int bound = species.loopBound(n);
            FloatVector acc = FloatVector.zero(species);
            int i = 0;
            for (; i < bound; i += species.length()) {
                acc = FloatVector.fromArray(species, a, ao + i).fma(FloatVector.fromArray(species, b, bo + i), acc);
            }
            float s = Lanes.sum(acc);
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

        /** Four rows of b per pass share each load of a; a scalar-order tail for the last rows and lanes. */
        @Override
        public void dots(float[] out, int oo, float[] a, int ao, float[] b, int bo, int count, int n) {
            int bound = species.loopBound(n);
            int i = 0;
            for (; i + 4 <= count; i += 4) {
                int b0 = bo + i * n;
                FloatVector s0 = FloatVector.zero(species);
                FloatVector s1 = FloatVector.zero(species);
                FloatVector s2 = FloatVector.zero(species);
                FloatVector s3 = FloatVector.zero(species);
                int d = 0;
                for (; d < bound; d += species.length()) {
                    FloatVector va = FloatVector.fromArray(species, a, ao + d);
                    s0 = va.fma(FloatVector.fromArray(species, b, b0 + d), s0);
                    s1 = va.fma(FloatVector.fromArray(species, b, b0 + n + d), s1);
                    s2 = va.fma(FloatVector.fromArray(species, b, b0 + 2 * n + d), s2);
                    s3 = va.fma(FloatVector.fromArray(species, b, b0 + 3 * n + d), s3);
                }
                float r0 = Lanes.sum(s0);
                float r1 = Lanes.sum(s1);
                float r2 = Lanes.sum(s2);
                float r3 = Lanes.sum(s3);
                for (; d < n; d++) {
                    float x = a[ao + d];
                    r0 += x * b[b0 + d];
                    r1 += x * b[b0 + n + d];
                    r2 += x * b[b0 + 2 * n + d];
                    r3 += x * b[b0 + 3 * n + d];
                }
                out[oo + i] = r0;
                out[oo + i + 1] = r1;
                out[oo + i + 2] = r2;
                out[oo + i + 3] = r3;
            }
            for (; i < count; i++) {
                out[oo + i] = dot(a, ao, b, bo + i * n, n);
            }
        }

        /** One vector of y stays in a register while every row adds into it. */
        @Override
        public void combine(float[] y, int yo, float[] c, int co, float[] x, int xo, int count, int n) {
            int bound = species.loopBound(n);
            int d = 0;
            for (; d < bound; d += species.length()) {
                FloatVector acc = FloatVector.fromArray(species, y, yo + d);
                for (int i = 0; i < count; i++) {
                    acc = FloatVector.fromArray(species, x, xo + i * n + d).fma(FloatVector.broadcast(species, c[co + i]), acc);
                }
                acc.intoArray(y, yo + d);
            }
            for (; d < n; d++) {
                float acc = y[yo + d];
                for (int i = 0; i < count; i++) {
                    acc += c[co + i] * x[xo + i * n + d];
                }
                y[yo + d] = acc;
            }
        }
    }
}
