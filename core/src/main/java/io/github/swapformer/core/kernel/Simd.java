package io.github.swapformer.core.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * The one switch between the scalar kernels (the specification) and their Vector API twins.
 *
 * <p>The SIMD twins run when the {@code jdk.incubator.vector} module is in the boot layer (the
 * build and the launcher add it) and the system property {@code swapformer.simd} is not
 * {@code false}. Tests call both twins directly and compare them.
 *
 * <p><b>The rule that keeps the scalar path alive without the module.</b> A class that a scalar
 * run loads must not name a {@code jdk.incubator.vector} type anywhere: not in a field (its static
 * initializer would fail), not in a method signature, not in a method body (the verifier loads
 * {@code Vector} to check a {@code FloatVector} argument, and the class fails with
 * {@code NoClassDefFoundError}). So every kernel class puts its Vector API code — species,
 * constant vectors, twin bodies and their vector helpers — in a nested
 * {@code private static final class Vectorized}, which the JVM loads only when a twin runs. The
 * outer class keeps the public {@code xxxSimd(...)} twins, with array and int signatures only,
 * each a one-line call into {@code Vectorized}, and dispatches on {@link #ENABLED}. A size that
 * a dispatcher needs from the species (a chunk of whole vectors) comes from {@link #LANES}. Vector
 * helpers shared between classes live in a nested holder too ({@code KernelMath.Vectorized}); a
 * package-private class that only SIMD twins reach ({@code MatmulPacked}, {@code MatmulMicroKernel},
 * {@code MatmulSmall}) is such a holder as a whole. {@code ScalarFallbackTest} runs every op
 * family in a JVM without the module and fails on a class that breaks the rule.
 */
public final class Simd {
    /** True when kernels dispatch to their Vector API twin. */
    public static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equalsIgnoreCase(System.getProperty("swapformer.simd"));

    /**
     * Floats per preferred vector when {@link #ENABLED} (16 with AVX-512); 16 otherwise, so that a
     * split into whole vectors has the same chunks as on AVX-512 without touching the Vector API.
     */
    public static final int LANES = ENABLED ? Vectorized.lanes() : 16;

    private Simd() {
    }

    /** Loaded only when {@link #ENABLED}: see the rule above. */
    private static final class Vectorized {
        private Vectorized() {
        }

        static int lanes() {
            return FloatVector.SPECIES_PREFERRED.length();
        }
    }
}
