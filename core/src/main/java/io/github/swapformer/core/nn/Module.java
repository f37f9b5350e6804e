package io.github.swapformer.core.nn;

import io.github.swapformer.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A part of a model that owns named parameters and named sub-modules, as in PyTorch: a child
 * {@code h.0} with a parameter {@code attn.c_attn.weight} appears as {@code h.0.attn.c_attn.weight}.
 * Subclasses register what they own in their constructor and write their forward pass as plain
 * calls to ops; the tape provides the backward pass.
 */
public abstract class Module {
    private final Map<String, Parameter> own = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();

    /** Registers a parameter under {@code name}; the tensor gets a gradient buffer if it lacks one. */
    protected final Tensor parameter(String name, Tensor tensor, ParamKind kind) {
        requireFreshName(name);
        Tensor t = tensor.withGrad();
        own.put(name, new Parameter(name, t, kind));
        return t;
    }

    /** Registers a sub-module under {@code name} and returns it. */
    protected final <M extends Module> M child(String name, M module) {
        requireFreshName(name);
        children.put(name, module);
        return module;
    }

    /** Every parameter, depth first, in registration order, with its full dotted name. */
    public final List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        collect("", out);
        return Collections.unmodifiableList(out);
    }

    /** The state dict: full dotted name → tensor, in registration order. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Parameter p : parameters()) {
            out.put(p.name(), p.tensor());
        }
        return out;
    }

    /**
     * Copies every tensor of {@code state} into the parameter of the same name. Every parameter
     * must be present with its exact shape, and no unknown name may appear; nothing is copied
     * unless everything matches.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> mine = stateDict();
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                throw new IllegalArgumentException("state dict has no tensor " + e.getKey());
            }
            if (!src.sameShape(e.getValue())) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " has shape " + src.shapeString()
                        + ", the model expects " + e.getValue().shapeString());
            }
        }
        for (String name : state.keySet()) {
            if (!mine.containsKey(name)) {
                throw new IllegalArgumentException("state dict has a tensor the model does not: " + name);
            }
        }
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            float[] src = state.get(e.getKey()).data();
            System.arraycopy(src, 0, e.getValue().data(), 0, src.length);
        }
    }

    /** Total number of learned values. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.tensor().size();
        }
        return n;
    }

    /** Sets every parameter's gradient to zero. */
    public final void zeroGrad() {
        for (Parameter p : parameters()) {
            p.tensor().zeroGrad();
        }
    }

    private void collect(String prefix, List<Parameter> out) {
        for (Parameter p : own.values()) {
            out.add(new Parameter(prefix + p.name(), p.tensor(), p.kind()));
        }
        for (Map.Entry<String, Module> c : children.entrySet()) {
            c.getValue().collect(prefix + c.getKey() + ".", out);
        }
    }

    private void requireFreshName(String name) {
        if (name.isEmpty() || own.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' is empty or already registered in " + getClass().getSimpleName());
        }
    }
}
