package io.github.swapformer.core.kernel;

/**
 * The one switch between the scalar kernels (the specification) and their Vector API twins.
 *
 * <p>The SIMD twins run when the {@code jdk.incubator.vector} module is in the boot layer (the
 * build and the launcher add it) and the system property {@code swapformer.simd} is not
 * {@code false}. Tests call both twins directly and compare them.
 */
public final class Simd {
    /** True when kernels dispatch to their Vector API twin. */
    public static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equalsIgnoreCase(System.getProperty("swapformer.simd"));

    private Simd() {
    }
}
