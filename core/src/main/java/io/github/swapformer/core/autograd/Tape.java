package io.github.swapformer.core.autograd;

import io.github.swapformer.core.kernel.WeightPanels;
import io.github.swapformer.core.parallel.Parallel;
import io.github.swapformer.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The autograd tape: a coarse list of backward kernels, one per op run while recording.
 *
 * <p>Every op is a forward kernel and a backward kernel (see {@code core.ops}). Running an op on a
 * recording tape appends its backward here; {@link #backward(Tensor)} replays them in reverse, each
 * one accumulating ({@code +=}) into its inputs' gradients. Layers and models are written forward
 * only, so every combination of parts gets its gradient for free. An {@linkplain #inference
 * inference tape} records nothing and its outputs carry no gradient buffers.
 *
 * <p>The tape also carries the thread pool the kernels split their work over, and, on a
 * {@linkplain #decoding decoding tape}, weights laid out for decoding steps.
 */
public final class Tape {
    private final Parallel pool;
    private final boolean recording;
    private final List<Runnable> backwards = new ArrayList<>();
    private WeightPanels weightPanels; // null except on a decoding tape
    private long seed;
    private long streams;

    private Tape(Parallel pool, boolean recording) {
        this.pool = pool;
        this.recording = recording;
    }

    /** A tape that records every op for backpropagation. */
    public static Tape recording(Parallel pool) {
        return new Tape(pool, true);
    }

    /** A tape that records nothing: for evaluation and generation. */
    public static Tape inference(Parallel pool) {
        return new Tape(pool, false);
    }

    /**
     * An inference tape for one generation: products of a few rows with a weight matrix (decoding
     * steps) read the weights from a copy in {@link WeightPanels} layout made on first use, in
     * {@code panels} (reused from earlier generations: a new generation of it starts here, and its
     * weights are repacked, into the same arrays, on first use). The weights must not change while
     * this tape is in use.
     */
    public static Tape decoding(Parallel pool, WeightPanels panels) {
        Tape tape = new Tape(pool, false);
        panels.newGeneration();
        tape.weightPanels = panels;
        return tape;
    }

    /** The weight layouts of a decoding tape, or null. */
    public WeightPanels weightPanels() {
        return weightPanels;
    }

    /**
     * Sets the seed of this pass's random streams (dropout masks). A trainer seeds each step's tape
     * from the cell seed and the step, so a resumed run draws the same masks.
     */
    public Tape seeded(long seed) {
        this.seed = seed;
        this.streams = 0;
        return this;
    }

    /**
     * A fresh 64-bit seed for the next random op of this pass: a SplitMix64 hash of the tape's seed
     * and a counter, so that the masks depend only on the seed and the order of the ops.
     */
    public long nextRandomSeed() {
        long z = seed + 0x9E3779B97F4A7C15L * ++streams;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public Parallel pool() {
        return pool;
    }

    public boolean isRecording() {
        return recording;
    }

    /** Whether an op over these inputs must record its backward (and give its output a gradient). */
    public boolean needsGrad(Tensor... inputs) {
        if (!recording) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** A new zero output for an op over {@code inputs}: with a gradient buffer iff the op records. */
    public Tensor output(int[] shape, Tensor... inputs) {
        return Tensor.zeros(needsGrad(inputs), shape);
    }

    /** Appends an op's backward; ignored by an inference tape. */
    public void record(Runnable backward) {
        if (recording) {
            backwards.add(backward);
        }
    }

    /** Number of backward steps recorded so far. */
    public int size() {
        return backwards.size();
    }

    /** Seeds d(loss)/d(loss) = 1 for a one-element loss and backpropagates. */
    public void backward(Tensor loss) {
        if (loss.size() != 1) {
            throw new IllegalArgumentException("backward(loss) needs a one-element loss, got shape " + loss.shapeString());
        }
        backward(loss, new float[] {1f});
    }

    /**
     * Adds {@code seed} to {@code output}'s gradient and replays the tape in reverse. Gradients
     * accumulate into parameters across calls until they are zeroed; the tape is cleared.
     */
    public void backward(Tensor output, float[] seed) {
        if (!recording) {
            throw new IllegalStateException("backward() on an inference tape: nothing was recorded");
        }
        if (!output.requiresGrad()) {
            throw new IllegalArgumentException("the output does not depend on any tensor that needs a gradient");
        }
        if (seed.length != output.size()) {
            throw new IllegalArgumentException(
                    "seed has " + seed.length + " values, output " + output.shapeString() + " has " + output.size());
        }
        float[] g = output.grad();
        for (int i = 0; i < g.length; i++) {
            g[i] += seed[i];
        }
        for (int i = backwards.size() - 1; i >= 0; i--) {
            backwards.get(i).run();
        }
        backwards.clear();
    }

    /** Forgets everything recorded (after an evaluation on a recording tape, say). */
    public void clear() {
        backwards.clear();
    }
}
