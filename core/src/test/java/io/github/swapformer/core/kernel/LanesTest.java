package io.github.swapformer.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class LanesTest {
    @Test
    void theSumOfStoredLanesHasTheBitsOfTheVectorSum() {
        Random random = new Random(11);
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        for (int trial = 0; trial < 2000; trial++) {
            float[] x = new float[lanes + 2];
            for (int i = 0; i < x.length; i++) {
                // mixed magnitudes, so that a different order of the additions would round differently
                x[i] = (float) ((random.nextDouble() * 2 - 1) * Math.pow(10, random.nextInt(9) - 4));
            }
            float expected = Lanes.sum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 1));
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(Lanes.sum(x, 1)), "trial " + trial);
        }
    }

    @Test
    void aDifferentOrderWouldBeNoticed() {
        // the test above can fail: summing these lanes left to right rounds differently from the tree
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        float[] x = new float[lanes];
        x[0] = 1e8f;
        x[1] = 1f;
        x[lanes / 2] = -1e8f;
        float leftToRight = 0f;
        for (float v : x) {
            leftToRight += v;
        }
        float tree = Lanes.sum(x.clone(), 0);
        assertEquals(0f, leftToRight);
        assertEquals(1f, tree);
    }
}
