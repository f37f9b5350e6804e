# Writes golden-safetensors-0.8.0.safetensors with Hugging Face's own library (safetensors 0.8.0,
# numpy 2.4), for SafetensorsTest.readsAFileWrittenByTheReferenceLibrary. Run from this directory.
# The order of the __metadata__ keys varies from run to run (a hash map in the writer); the rest is byte-identical.
import numpy as np
from safetensors import TensorSpec, serialize_file

arrays = {
    "wte": ("float32", [2, 3], np.array([[-1, -0.5, 0], [0.5, 1, 1.5]], dtype="<f4")),
    "ln.bias": ("float16", [4], np.array([1.0, -2.5, 65504, 2**-24], dtype="<f2")),
    # numpy has no bfloat16: the bit patterns of 1.0, -2.5 and +inf
    "emb": ("bfloat16", [3], np.array([0x3F80, 0xC020, 0x7F80], dtype="<u2")),
    "scalar": ("float32", [], np.array(3.25, dtype="<f4")),
}
specs = {name: TensorSpec(dtype=d, shape=s, data_ptr=a.ctypes.data, data_len=a.nbytes)
         for name, (d, s, a) in arrays.items()}
serialize_file(specs, "golden-safetensors-0.8.0.safetensors", metadata={"format": "np", "note": "golden"})
