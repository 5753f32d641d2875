package digitlab.engine.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Conversions} with the Vector API: a table lookup per pixel cannot be vectorised, so the bytes
 * are widened to ints, masked to 0..255, converted and divided by 255 a vector at a time: a multiply
 * by 1/255 corrected once with a fused multiply-add, which gives the IEEE quotient (the table's floats)
 * for every byte and costs half of a vector division. Loaded only when the module is there (see {@link Kernels}).
 */
final class VectorConversions implements Conversions {
    private static final VectorSpecies<Float> F = VectorMatMul.F;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_128; // 16 bytes: at least one float vector's lanes
    private static final int L = F.length();
    private static final FloatVector MINUS_FULL = FloatVector.broadcast(F, -255f);
    private static final FloatVector INVERSE = FloatVector.broadcast(F, 1f / 255f);

    @Override
    public void bytesToUnit(byte[] src, int from, float[] dst, int to, int n) {
        int i = 0;
        // each step reads B.length() ≥ L bytes (the first L are used) and writes L floats
        for (; i + L <= n && from + i + B.length() <= src.length; i += L) {
            IntVector ints = (IntVector) ByteVector.fromArray(B, src, from + i).convertShape(VectorOperators.B2I, I, 0);
            FloatVector x = (FloatVector) ints.and(0xFF).convert(VectorOperators.I2F, 0);
            // x / 255 without a division: q = x·(1/255), then one step of correction with the exact
            // remainder x − 255·q (fma), which rounds as the division does for every x in 0..255
            FloatVector q = x.mul(INVERSE);
            q.fma(MINUS_FULL, x).fma(INVERSE, q).intoArray(dst, to + i);
        }
        for (; i < n; i++) {
            dst[to + i] = (src[from + i] & 0xFF) / 255f;
        }
    }
}
