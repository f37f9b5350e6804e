package io.github.swapformer.core.optim;

import io.github.swapformer.core.nn.Parameter;
import io.github.swapformer.core.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state-dict layout shared by the optimizers: one buffer per parameter and kind of buffer,
 * named {@code <param>.<suffix>} as PyTorch names them ({@code exp_avg}, {@code exp_avg_sq},
 * {@code momentum_buffer}), and the step count under {@code step}.
 *
 * <p>The step count is stored as a float32 so that the whole state fits in an F32 safetensors
 * file; float32 holds every integer up to 2^24 (16.7 million steps) exactly, and saving beyond
 * that is refused rather than rounded.
 */
final class OptimizerState {
    static final String STEP = "step";
    private static final int MAX_EXACT_STEP = 1 << 24;

    private OptimizerState() {
    }

    /** The state map: for each suffix, a copy of each parameter's buffer; then the step count. */
    static Map<String, Tensor> save(List<Parameter> params, Map<String, float[][]> buffersBySuffix, int steps) {
        if (steps > MAX_EXACT_STEP) {
            throw new IllegalStateException("step count " + steps + " exceeds 2^24, which float32 cannot store exactly");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, float[][]> e : buffersBySuffix.entrySet()) {
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                out.put(p.name() + "." + e.getKey(), Tensor.of(e.getValue()[i].clone(), p.tensor().shape()));
            }
        }
        out.put(STEP, Tensor.of(new float[] {steps}, 1));
        return out;
    }

    /**
     * Checks that {@code state} has exactly the entries {@link #save} would write, with the same
     * shapes, then copies them into the buffers and returns the step count.
     */
    static int load(Map<String, Tensor> state, List<Parameter> params, Map<String, float[][]> buffersBySuffix) {
        int expectedEntries = 1;
        for (String suffix : buffersBySuffix.keySet()) {
            for (Parameter p : params) {
                String key = p.name() + "." + suffix;
                Tensor t = state.get(key);
                if (t == null) {
                    throw new IllegalArgumentException("optimizer state has no entry " + key);
                }
                if (!t.sameShape(p.tensor())) {
                    throw new IllegalArgumentException("optimizer state entry " + key + " has shape " + t.shapeString()
                            + ", parameter " + p.name() + " has shape " + p.tensor().shapeString());
                }
                expectedEntries++;
            }
        }
        int steps = readStep(state.get(STEP));
        if (state.size() != expectedEntries) {
            for (String key : state.keySet()) {
                if (!key.equals(STEP) && !isExpected(key, params, buffersBySuffix)) {
                    throw new IllegalArgumentException("optimizer state has an unknown entry " + key
                            + " (expected <param>." + buffersBySuffix.keySet() + " and step)");
                }
            }
        }
        for (Map.Entry<String, float[][]> e : buffersBySuffix.entrySet()) {
            for (int i = 0; i < params.size(); i++) {
                float[] src = state.get(params.get(i).name() + "." + e.getKey()).data();
                System.arraycopy(src, 0, e.getValue()[i], 0, src.length);
            }
        }
        return steps;
    }

    /** Zero-filled buffers shaped like each parameter. */
    static float[][] zerosLike(List<Parameter> params) {
        float[][] out = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            out[i] = new float[params.get(i).tensor().size()];
        }
        return out;
    }

    private static int readStep(Tensor step) {
        if (step == null) {
            throw new IllegalArgumentException("optimizer state has no entry " + STEP);
        }
        if (step.size() != 1) {
            throw new IllegalArgumentException("optimizer state entry step has shape " + step.shapeString()
                    + ", expected one element");
        }
        float value = step.data()[0];
        if (!(value >= 0 && value <= MAX_EXACT_STEP) || value != Math.rint(value)) {
            throw new IllegalArgumentException("optimizer state entry step is " + value
                    + ", expected an integer in [0, 2^24]");
        }
        return (int) value;
    }

    private static boolean isExpected(String key, List<Parameter> params, Map<String, float[][]> buffersBySuffix) {
        for (String suffix : buffersBySuffix.keySet()) {
            for (Parameter p : params) {
                if (key.equals(p.name() + "." + suffix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Rejects duplicate parameter names, which would make state keys ambiguous. */
    static List<Parameter> requireDistinctNames(List<Parameter> params) {
        String[] names = params.stream().map(Parameter::name).toArray(String[]::new);
        String[] sorted = names.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i].equals(sorted[i - 1])) {
                throw new IllegalArgumentException("parameter name " + sorted[i] + " appears twice");
            }
        }
        return List.copyOf(params);
    }
}
