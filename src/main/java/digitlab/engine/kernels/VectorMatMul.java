package digitlab.engine.kernels;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.ejml.data.FMatrixRMaj;

/**
 * The matrix products with the Vector API ({@code jdk.incubator.vector}), register-blocked for one core.
 *
 * <p>Only {@link Kernels} touches this class, and only once it knows that the module is in the boot
 * layer: loading it without the module fails.
 *
 * <h2>Broadcast tiles: {@link #mult} and {@link #multTransA}</h2>
 *
 * <p>c[i, j ..] += a(i, p)·b[p, j ..] summed over p. A tile of 4 rows × 4 vectors of c (16 of the 32
 * vector registers) stays in registers over a block of k. Each step loads 4 vectors of row p of b,
 * broadcasts 4 numbers of a, and does 16 fused multiply-adds. mult and multTransA differ only in how a
 * is walked: a(i, p) is a[i·k + p] for mult, a[p·m + i] for multTransA. Column panels are the outer
 * loop, k blocks the next, so a block of a panel of b (32 rows × 4 vectors, 8 KB) stays in L1 while
 * every row block of a passes. A 4 × 6 tile (24 accumulators) was up to 5 % faster when C2 compiled it
 * well, but one run in two it compiled it three times slower (128×784 weight gradient: 400 µs instead
 * of 130), so the smaller tile it is.
 *
 * <h2>Dot tiles: {@link #multTransB}</h2>
 *
 * <p>c[i, j] = a[i, :]·b[j, :]: both operands run along k, so every output is a dot product. A tile of
 * 4 rows of a × 4 rows of b keeps 16 vectors of partial sums (8 loads per 16 fused multiply-adds); the
 * 4 rows of a stay in L1 while b streams past. At the end a tree turns the 16 vectors into one vector
 * of the 16 sums: each level folds pairs (x, y) into one vector whose chunks of h lanes hold x's chunks
 * summed in pairs (even chunks) and y's (odd chunks): two blends, one lane swap, one add, for h = L/2,
 * L/4, …, 1. That is 15 folds for 16 sums, where {@code reduceLanes} would take 16 serial
 * lane-by-lane reductions. The accumulators enter the tree in bit-reversed order, so that with 16
 * lanes the sums come out in order: one scatter writes the tile's 4 × 4 block of c. A single row of a
 * (fewer than 4 rows left, or one image) uses a 1 × 16 tile, whose 16 sums are neighbours in c.
 *
 * <h2>Narrow tiles: 16 vector registers (AVX2, SSE)</h2>
 *
 * <p>The tiles above keep 16 accumulators, plus 4 or 5 operands: they fit AVX-512's 32 registers and
 * spill on the 16 of AVX2 and SSE. Where the JIT has 16 ({@link #REGISTERS}; x86 without AVX-512) and
 * vectors of at most 8 floats, the products use tiles that keep at most 15 vectors live:
 * <ul>
 *   <li>broadcast (mult, multTransA): 6 rows × 2 vectors, 12 accumulators + 2 of b + 1 broadcast, the
 *       shape BLIS uses on Haswell, on packed copies of a and b ({@link #packedProduct}). Read in
 *       place, each step's 6 numbers of a and 2 vectors of b cost 8 bounds checks per 12 multiply-adds
 *       (strides that are not constants keep C2 from hoisting them), which was a third of the tile's
 *       time; packed, every index is a constant multiple of the loop counter and the checks leave the
 *       loop. Tried and dropped (CPU time per call, -XX:UseAVX=2): reading a in place with b packed
 *       (190 → 330 µs for the first layer's forward product), the step loop unrolled by two (132 → 260
 *       µs for its weight gradient: C2 spills), blocks of k of 64, 256 or all (no difference);
 *   <li>dot (multTransB with fewer than 8 rows, or with 4 floats): 4 rows of a × 2 rows of b
 *       (8 accumulators), and 1 × 8 for a single row. Their sums are taken by {@code reduceLanes}, one
 *       by one: the blend tree of the wide tiles, on 8 accumulators, made C2 box the tree's last vector;
 *   <li>with 8 floats (AVX2), multTransB with 8 rows of a or more runs the broadcast tiles, packing b
 *       from its rows (the packing is the transpose): the dot tiles 4 × 2, 4 × 3 and 3 × 4 all ran at
 *       about 40 GFLOP/s on the first layer's forward product. With 4 floats the dot tile stays: a
 *       transposed b was slower there (783 µs against 416).
 * </ul>
 * With vectors of up to 8 floats, an operand that is mostly zeros (a batch of digits) does not reach
 * these tiles: {@link ZeroSkipping} takes the product from its non-zero entries ({@link VectorRows}), and
 * only when the operand turns out too dense do the tiles run ({@link #SKIPS_ZEROS}). The figures per
 * product, per vector kind and against the core's multiply-add ceiling ({@code FmaLimitBenchmark}) are
 * in the README's speed section.
 *
 * <h2>Rules that keep this fast on JDK 17</h2>
 *
 * <ul>
 *   <li>Vectors never cross a method of ours: a method taking or returning vectors must be inlined,
 *       or the vectors are allocated, and C2 stops inlining into a method as big as a tile (it still
 *       inlines the Vector API's own methods). So the tiles are written out, not composed of helpers.
 *   <li>No masks: JDK 17's masked loads and stores allocate, or are slow, when they reach the end of an
 *       array. Rows and columns that do not fill a tile use smaller tiles (broadcast), or the same tile
 *       with rows past the end repeating the last one, computed but not stored (dot). Columns past the
 *       last whole vector (broadcast) are finished in scalar code; k past the last whole vector (dot)
 *       takes one more vector step on copies of the rows' ends padded with zeros.
 * </ul>
 *
 * <p>The species is {@link FloatVector#SPECIES_PREFERRED} (16 floats with AVX-512), or the one that
 * the system property {@code digitlab.kernels.bits} (64, 128, 256, 512) names, read once; the tests use
 * it to check every species the machine has. The code below is correct for any power-of-two length.
 */
final class VectorMatMul implements MatMul {
    static final VectorSpecies<Float> F = species(System.getProperty("digitlab.kernels.bits"));
    private static final int L = F.length();
    /** From this many rows of a on, the narrow multTransB with 8 floats or more transposes b (class comment). */
    private static final int TRANSPOSE_ROWS = 8;
    /** Rows of b per pass of {@link #broadcastProduct}. */
    private static final int K_BLOCK = 32;

    /**
     * The reduction tree's levels 1 to 4 (chunks of h = L/2, L/4, L/8, L/16 lanes): the lanes in odd
     * chunks, and each chunk swapped with its partner. Null where L is too small for the level.
     */
    private static final VectorMask<Float> ODD1 = odd(L / 2), ODD2 = odd(L / 4), ODD3 = odd(L / 8),
            ODD4 = odd(L / 16);
    private static final VectorShuffle<Float> SWAP1 = swap(L / 2), SWAP2 = swap(L / 4), SWAP3 = swap(L / 8),
            SWAP4 = swap(L / 16);
    /** Where the tree leaves the sum of a tile's accumulator q (row-major, 0..15) in {@link Scratch#sums}. */
    private static final int[] SUM_AT = sumPositions(16);
    /** Vector registers the JIT can use: 32 with AVX-512 and on ARM, 16 with AVX2 and SSE. */
    static final int REGISTERS = registers(System.getProperty("digitlab.kernels.registers"));
    /**
     * Whether mostly-zero operands go to {@link ZeroSkipping}: with vectors of up to 8 floats. With 16 (AVX-512)
     * the dense tiles already run the first layer's products near the zero-skipping ones (forward 143 against
     * 124 µs, training 193,000 against 196,000 samples/s), and compiling the zero-skipping code made the first
     * epoch 0.3 s longer on one thread and 0.56 s on two; with 8 floats training gains a quarter.
     */
    static final boolean SKIPS_ZEROS = ZeroSkipping.ON && L <= 8;
    /** Whether the tiles are the narrow ones, which keep at most 15 vectors live (see the class comment). */
    static final boolean NARROW = REGISTERS < 32 && L <= 8;

    /**
     * Per thread, reused: the dot tiles' 16 sums and the
     * ends of the rows of a and b past the last whole vector, padded with zeros.
     */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final float[] sums = new float[16];
        final float[] tailA = new float[4 * L], tailB = new float[16 * L];
        private float[] transposed = new float[0];
        final float[] packedA = new float[MC * KC];
        private float[] packedB = new float[0];

        /** An array of at least {@code size} floats for a packed block of b, reused like {@link #transposed}. */
        float[] packedB(int size) {
            if (packedB.length < size) {
                packedB = new float[size];
            }
            return packedB;
        }

        /** An array of at least {@code size} floats, the same one until a bigger one is needed. */
        float[] transposed(int size) {
            if (transposed.length < size) {
                transposed = new float[size];
            }
            return transposed;
        }
    }

    private final String name;

    VectorMatMul() {
        String arch = System.getProperty("os.arch", "");
        int bits = F.vectorBitSize();
        String isa;
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            isa = bits >= 512 ? "AVX-512" : bits == 256 ? "AVX2" : "SSE";
        } else if (arch.equals("aarch64")) {
            isa = bits == 128 ? "NEON" : "SVE";
        } else {
            isa = arch;
        }
        name = "vector (" + isa + ", " + L + " floats)";
    }

    @Override
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- c (+)= a·b, c (+)= aᵀ·b

    @Override
    public void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add) {
        Shapes.mult(a, b, c);
        if (SKIPS_ZEROS && ZeroSkipping.mult(a, b, c, add, VectorRows.INSTANCE)) {
            return;
        }
        // a is m×k: a(i, p) = a[i*k + p]
        broadcastProduct(a.data, a.numCols, 1, b.data, c.data, c.numRows, c.numCols, a.numCols, add, 0);
    }

    @Override
    public void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add) {
        Shapes.multTransA(a, b, c);
        if (SKIPS_ZEROS && ZeroSkipping.multTransA(a, b, c, add, VectorRows.INSTANCE)) {
            return;
        }
        // a is k×m: a(i, p) = a[p*m + i]
        broadcastProduct(a.data, 1, a.numCols, b.data, c.data, c.numRows, c.numCols, a.numRows, add, 0);
    }

    /**
     * c (m×n) (+)= Σ_p a(i, p)·b[p, :], with a(i, p) = a[i·rs + p·cs] and b k×n. Within each panel of
     * columns, k goes in blocks of {@value #K_BLOCK} rows of b, so that the block of the panel stays in L1
     * beside c's tile even when the arrays are not aligned to cache lines (then every vector load touches
     * two lines, and a whole panel of 64 rows no longer fitted: the 128×784 weight gradient took 120 to
     * 290 µs depending on where the JVM had put the arrays). The tiles are called from here directly, not
     * through a helper: one more level of calls and C2 stopped inlining the Vector API into them.
     */
    private static void broadcastProduct(float[] a, int rs, int cs, float[] b, float[] c, int m, int n, int k,
            boolean add, int firstColumn) {
        int j = firstColumn;
        if (NARROW && j == 0) {
            j = packedProduct(a, rs, cs, b, n, 1, c, m, n, k, add, SCRATCH.get());
        }
        for (; j + 4 * L <= n; j += 4 * L) {
            for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
                int pEnd = Math.min(k, p0 + K_BLOCK);
                boolean blockAdd = add || p0 > 0;
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    broadcast4x4(a, rs, cs, b, c, n, p0, pEnd, i, j, blockAdd);
                }
                for (; i < m; i++) {
                    broadcast1x4(a, rs, cs, b, c, n, p0, pEnd, i, j, blockAdd);
                }
            }
        }
        for (; j + L <= n; j += L) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                broadcast4x1(a, rs, cs, b, c, n, 0, k, i, j, add);
            }
            for (; i < m; i++) {
                broadcast1x1(a, rs, cs, b, c, n, 0, k, i, j, add);
            }
        }
        for (; j < n; j++) { // fewer than L columns left: scalar
            for (int i = 0; i < m; i++) {
                float s = 0;
                for (int p = 0, ap = i * rs, bp = j; p < k; p++, ap += cs, bp += n) {
                    s += a[ap] * b[bp];
                }
                int ci = i * n + j;
                c[ci] = add ? c[ci] + s : s;
            }
        }
    }

    /** c[rows i..i+3, j ..+4L] (+)= Σ_p a(row, p)·b[p, j ..+4L]. */
    private static void broadcast4x4(float[] a, int rs, int cs, float[] b, float[] c, int n, int p0, int k,
            int i, int j, boolean add) {
        int c0 = i * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        FloatVector c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23;
        FloatVector c30, c31, c32, c33;
        if (add) {
            c00 = FloatVector.fromArray(F, c, c0);
            c01 = FloatVector.fromArray(F, c, c0 + L);
            c02 = FloatVector.fromArray(F, c, c0 + 2 * L);
            c03 = FloatVector.fromArray(F, c, c0 + 3 * L);
            c10 = FloatVector.fromArray(F, c, c1);
            c11 = FloatVector.fromArray(F, c, c1 + L);
            c12 = FloatVector.fromArray(F, c, c1 + 2 * L);
            c13 = FloatVector.fromArray(F, c, c1 + 3 * L);
            c20 = FloatVector.fromArray(F, c, c2);
            c21 = FloatVector.fromArray(F, c, c2 + L);
            c22 = FloatVector.fromArray(F, c, c2 + 2 * L);
            c23 = FloatVector.fromArray(F, c, c2 + 3 * L);
            c30 = FloatVector.fromArray(F, c, c3);
            c31 = FloatVector.fromArray(F, c, c3 + L);
            c32 = FloatVector.fromArray(F, c, c3 + 2 * L);
            c33 = FloatVector.fromArray(F, c, c3 + 3 * L);
        } else {
            FloatVector z = FloatVector.zero(F);
            c00 = z; c01 = z; c02 = z; c03 = z;
            c10 = z; c11 = z; c12 = z; c13 = z;
            c20 = z; c21 = z; c22 = z; c23 = z;
            c30 = z; c31 = z; c32 = z; c33 = z;
        }
        int a0 = i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
        for (int p = p0, ap = p0 * cs, bp = j + p0 * n; p < k; p++, ap += cs, bp += n) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector b1 = FloatVector.fromArray(F, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(F, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, bp + 3 * L);
            FloatVector x = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(F, a[a1 + ap]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(F, a[a2 + ap]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(F, a[a3 + ap]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c02.intoArray(c, c0 + 2 * L);
        c03.intoArray(c, c0 + 3 * L);
        c10.intoArray(c, c1);
        c11.intoArray(c, c1 + L);
        c12.intoArray(c, c1 + 2 * L);
        c13.intoArray(c, c1 + 3 * L);
        c20.intoArray(c, c2);
        c21.intoArray(c, c2 + L);
        c22.intoArray(c, c2 + 2 * L);
        c23.intoArray(c, c2 + 3 * L);
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + L);
        c32.intoArray(c, c3 + 2 * L);
        c33.intoArray(c, c3 + 3 * L);
    }

    /** c[row i, j ..+4L] (+)= Σ_p a(row, p)·b[p, j ..+4L]. */
    private static void broadcast1x4(float[] a, int rs, int cs, float[] b, float[] c, int n, int p0, int k,
            int i, int j, boolean add) {
        int c0 = i * n + j;
        FloatVector c00, c01, c02, c03;
        if (add) {
            c00 = FloatVector.fromArray(F, c, c0);
            c01 = FloatVector.fromArray(F, c, c0 + L);
            c02 = FloatVector.fromArray(F, c, c0 + 2 * L);
            c03 = FloatVector.fromArray(F, c, c0 + 3 * L);
        } else {
            FloatVector z = FloatVector.zero(F);
            c00 = z; c01 = z; c02 = z; c03 = z;
        }
        for (int p = p0, ap = i * rs + p0 * cs, bp = j + p0 * n; p < k; p++, ap += cs, bp += n) {
            FloatVector x = FloatVector.broadcast(F, a[ap]);
            c00 = x.fma(FloatVector.fromArray(F, b, bp), c00);
            c01 = x.fma(FloatVector.fromArray(F, b, bp + L), c01);
            c02 = x.fma(FloatVector.fromArray(F, b, bp + 2 * L), c02);
            c03 = x.fma(FloatVector.fromArray(F, b, bp + 3 * L), c03);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c02.intoArray(c, c0 + 2 * L);
        c03.intoArray(c, c0 + 3 * L);
    }

    /** c[rows i..i+3, j ..+1L] (+)= Σ_p a(row, p)·b[p, j ..+1L]. */
    private static void broadcast4x1(float[] a, int rs, int cs, float[] b, float[] c, int n, int p0, int k,
            int i, int j, boolean add) {
        int c0 = i * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        FloatVector c00, c10, c20, c30;
        if (add) {
            c00 = FloatVector.fromArray(F, c, c0);
            c10 = FloatVector.fromArray(F, c, c1);
            c20 = FloatVector.fromArray(F, c, c2);
            c30 = FloatVector.fromArray(F, c, c3);
        } else {
            FloatVector z = FloatVector.zero(F);
            c00 = z;
            c10 = z;
            c20 = z;
            c30 = z;
        }
        int a0 = i * rs, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs;
        for (int p = p0, ap = p0 * cs, bp = j + p0 * n; p < k; p++, ap += cs, bp += n) {
            FloatVector b0 = FloatVector.fromArray(F, b, bp);
            FloatVector x = FloatVector.broadcast(F, a[a0 + ap]);
            c00 = x.fma(b0, c00);
            x = FloatVector.broadcast(F, a[a1 + ap]);
            c10 = x.fma(b0, c10);
            x = FloatVector.broadcast(F, a[a2 + ap]);
            c20 = x.fma(b0, c20);
            x = FloatVector.broadcast(F, a[a3 + ap]);
            c30 = x.fma(b0, c30);
        }
        c00.intoArray(c, c0);
        c10.intoArray(c, c1);
        c20.intoArray(c, c2);
        c30.intoArray(c, c3);
    }

    /** c[row i, j ..+L] (+)= Σ_p a(i, p)·b[p, j ..+L], in two chains so that each waits less on the last fma. */
    private static void broadcast1x1(float[] a, int rs, int cs, float[] b, float[] c, int n, int p0, int k,
            int i, int j, boolean add) {
        int c0 = i * n + j;
        FloatVector s0 = add ? FloatVector.fromArray(F, c, c0) : FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        int p = p0, ap = i * rs + p0 * cs, bp = j + p0 * n;
        for (; p + 1 < k; p += 2, ap += 2 * cs, bp += 2 * n) {
            s0 = FloatVector.broadcast(F, a[ap]).fma(FloatVector.fromArray(F, b, bp), s0);
            s1 = FloatVector.broadcast(F, a[ap + cs]).fma(FloatVector.fromArray(F, b, bp + n), s1);
        }
        if (p < k) {
            s0 = FloatVector.broadcast(F, a[ap]).fma(FloatVector.fromArray(F, b, bp), s0);
        }
        s0.add(s1).intoArray(c, c0);
    }

    // ---------------------------------------------------------------- c (+)= a·bᵀ

    @Override
    public void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add) {
        Shapes.multTransB(a, b, c);
        if (SKIPS_ZEROS && ZeroSkipping.multTransB(a, b, c, add, VectorRows.INSTANCE)) {
            return;
        }
        int m = c.numRows, n = c.numCols, k = a.numCols;
        Scratch scratch = SCRATCH.get();
        int i = 0;
        if (NARROW && L >= 8 && m >= TRANSPOSE_ROWS && n >= 2 * L) {
            // b(p, j) = b[j·k + p]: the packing transposes it block by block
            int j = packedProduct(a.data, k, 1, b.data, 1, k, c.data, m, n, k, add, scratch);
            if (j < n) {
                float[] bt = scratch.transposed(n * k);
                transpose(b.data, n, k, j, bt);
                broadcastProduct(a.data, k, 1, bt, c.data, m, n, k, add, j);
            }
            return;
        }
        if (NARROW) {
            for (; i + 4 <= m; i += 4) {
                dotRows4x2(a.data, b.data, c.data, n, k, i, add, scratch);
            }
            for (; i < m; i++) {
                dotRow8(a.data, b.data, c.data, n, k, i, add, scratch);
            }
            return;
        }
        for (; i + 4 <= m; i += 4) {
            dotRows4(a.data, b.data, c.data, n, k, i, add, scratch);
        }
        for (; i < m; i++) {
            dotRow(a.data, b.data, c.data, n, k, i, add, scratch);
        }
    }

    /**
     * Rows i..i+3 of c: the dot products of 4 rows of a with 4 rows of b at a time (16 accumulators).
     * Rows of b past n repeat the last one; their sums are not stored.
     */
    private static void dotRows4(float[] a, float[] b, float[] c, int n, int k, int i, boolean add,
            Scratch scratch) {
        float[] t = scratch.sums;
        int a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        int last = (n - 1) * k, kv = k - k % L, rest = k - kv;
        // k past the last whole vector: one more step on copies padded with zeros
        float[] ta = scratch.tailA, tb = scratch.tailB;
        if (rest > 0) {
            for (int r = 0; r < 4; r++) {
                for (int x = 0; x < L; x++) {
                    ta[r * L + x] = x < rest ? a[a0 + r * k + kv + x] : 0;
                }
            }
            Arrays.fill(tb, 0, 4 * L, 0);
        }
        for (int j = 0; j < n; j += 4) {
            int b0 = j * k, b1 = Math.min(b0 + k, last), b2 = Math.min(b1 + k, last), b3 = Math.min(b2 + k, last);
            FloatVector z = FloatVector.zero(F);
            FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s10 = z, s11 = z, s12 = z, s13 = z;
            FloatVector s20 = z, s21 = z, s22 = z, s23 = z, s30 = z, s31 = z, s32 = z, s33 = z;
            for (int p = 0; p < kv; p += L) {
                FloatVector y0 = FloatVector.fromArray(F, b, b0 + p);
                FloatVector y1 = FloatVector.fromArray(F, b, b1 + p);
                FloatVector y2 = FloatVector.fromArray(F, b, b2 + p);
                FloatVector y3 = FloatVector.fromArray(F, b, b3 + p);
                FloatVector x = FloatVector.fromArray(F, a, a0 + p);
                s00 = x.fma(y0, s00);
                s01 = x.fma(y1, s01);
                s02 = x.fma(y2, s02);
                s03 = x.fma(y3, s03);
                x = FloatVector.fromArray(F, a, a1 + p);
                s10 = x.fma(y0, s10);
                s11 = x.fma(y1, s11);
                s12 = x.fma(y2, s12);
                s13 = x.fma(y3, s13);
                x = FloatVector.fromArray(F, a, a2 + p);
                s20 = x.fma(y0, s20);
                s21 = x.fma(y1, s21);
                s22 = x.fma(y2, s22);
                s23 = x.fma(y3, s23);
                x = FloatVector.fromArray(F, a, a3 + p);
                s30 = x.fma(y0, s30);
                s31 = x.fma(y1, s31);
                s32 = x.fma(y2, s32);
                s33 = x.fma(y3, s33);
            }
            if (rest > 0) {
                for (int q = 0; q < 4; q++) {
                    int from = Math.min(j + q, n - 1) * k + kv;
                    for (int x = 0; x < rest; x++) {
                        tb[q * L + x] = b[from + x];
                    }
                }
                FloatVector y0 = FloatVector.fromArray(F, tb, 0);
                FloatVector y1 = FloatVector.fromArray(F, tb, L);
                FloatVector y2 = FloatVector.fromArray(F, tb, 2 * L);
                FloatVector y3 = FloatVector.fromArray(F, tb, 3 * L);
                FloatVector x = FloatVector.fromArray(F, ta, 0);
                s00 = x.fma(y0, s00);
                s01 = x.fma(y1, s01);
                s02 = x.fma(y2, s02);
                s03 = x.fma(y3, s03);
                x = FloatVector.fromArray(F, ta, L);
                s10 = x.fma(y0, s10);
                s11 = x.fma(y1, s11);
                s12 = x.fma(y2, s12);
                s13 = x.fma(y3, s13);
                x = FloatVector.fromArray(F, ta, 2 * L);
                s20 = x.fma(y0, s20);
                s21 = x.fma(y1, s21);
                s22 = x.fma(y2, s22);
                s23 = x.fma(y3, s23);
                x = FloatVector.fromArray(F, ta, 3 * L);
                s30 = x.fma(y0, s30);
                s31 = x.fma(y1, s31);
                s32 = x.fma(y2, s32);
                s33 = x.fma(y3, s33);
            }
            if (L <= 16) { // the reduction tree (see the class comment)
                FloatVector d0 = s00.blend(s20, ODD1).add(s20.blend(s00, ODD1).rearrange(SWAP1));
                FloatVector d1 = s10.blend(s30, ODD1).add(s30.blend(s10, ODD1).rearrange(SWAP1));
                FloatVector d2 = s02.blend(s22, ODD1).add(s22.blend(s02, ODD1).rearrange(SWAP1));
                FloatVector d3 = s12.blend(s32, ODD1).add(s32.blend(s12, ODD1).rearrange(SWAP1));
                FloatVector d4 = s01.blend(s21, ODD1).add(s21.blend(s01, ODD1).rearrange(SWAP1));
                FloatVector d5 = s11.blend(s31, ODD1).add(s31.blend(s11, ODD1).rearrange(SWAP1));
                FloatVector d6 = s03.blend(s23, ODD1).add(s23.blend(s03, ODD1).rearrange(SWAP1));
                FloatVector d7 = s13.blend(s33, ODD1).add(s33.blend(s13, ODD1).rearrange(SWAP1));
                if (L == 2) {
                    d0.intoArray(t, 0);
                    d1.intoArray(t, 2);
                    d2.intoArray(t, 4);
                    d3.intoArray(t, 6);
                    d4.intoArray(t, 8);
                    d5.intoArray(t, 10);
                    d6.intoArray(t, 12);
                    d7.intoArray(t, 14);
                } else {
                    FloatVector e0 = d0.blend(d1, ODD2).add(d1.blend(d0, ODD2).rearrange(SWAP2));
                    FloatVector e1 = d2.blend(d3, ODD2).add(d3.blend(d2, ODD2).rearrange(SWAP2));
                    FloatVector e2 = d4.blend(d5, ODD2).add(d5.blend(d4, ODD2).rearrange(SWAP2));
                    FloatVector e3 = d6.blend(d7, ODD2).add(d7.blend(d6, ODD2).rearrange(SWAP2));
                    if (L == 4) {
                        e0.intoArray(t, 0);
                        e1.intoArray(t, 4);
                        e2.intoArray(t, 8);
                        e3.intoArray(t, 12);
                    } else {
                        FloatVector f0 = e0.blend(e1, ODD3).add(e1.blend(e0, ODD3).rearrange(SWAP3));
                        FloatVector f1 = e2.blend(e3, ODD3).add(e3.blend(e2, ODD3).rearrange(SWAP3));
                        if (L == 8) {
                            f0.intoArray(t, 0);
                            f1.intoArray(t, 8);
                        } else {
                            // the 16 sums in order, stored through t: a gather and scatter into c straight
                            // away were not always compiled (one JVM in about ten ran them as objects, 32 KB
                            // a training step of the CNN), and 16 stores cost nothing beside the tile's k steps
                            FloatVector g = f0.blend(f1, ODD4).add(f1.blend(f0, ODD4).rearrange(SWAP4));
                            g.intoArray(t, 0);
                        }
                    }
                }
            } else { // wider than 16 lanes: one by one
                t[0] = s00.reduceLanes(VectorOperators.ADD);
                t[1] = s20.reduceLanes(VectorOperators.ADD);
                t[2] = s10.reduceLanes(VectorOperators.ADD);
                t[3] = s30.reduceLanes(VectorOperators.ADD);
                t[4] = s02.reduceLanes(VectorOperators.ADD);
                t[5] = s22.reduceLanes(VectorOperators.ADD);
                t[6] = s12.reduceLanes(VectorOperators.ADD);
                t[7] = s32.reduceLanes(VectorOperators.ADD);
                t[8] = s01.reduceLanes(VectorOperators.ADD);
                t[9] = s21.reduceLanes(VectorOperators.ADD);
                t[10] = s11.reduceLanes(VectorOperators.ADD);
                t[11] = s31.reduceLanes(VectorOperators.ADD);
                t[12] = s03.reduceLanes(VectorOperators.ADD);
                t[13] = s23.reduceLanes(VectorOperators.ADD);
                t[14] = s13.reduceLanes(VectorOperators.ADD);
                t[15] = s33.reduceLanes(VectorOperators.ADD);
            }
            // from t into c, as far as c goes (a tile may be cut by its end)
            int cols = Math.min(4, n - j);
            for (int r = 0; r < 4; r++) {
                for (int q = 0, ci = (i + r) * n + j; q < cols; q++) {
                    float s = t[SUM_AT[r * 4 + q]];
                    c[ci + q] = add ? c[ci + q] + s : s;
                }
            }
        }
    }

    /**
     * Row i of c: the dot products of row i of a with 16 rows of b at a time (16 accumulators). Rows
     * of b past n repeat the last one; their sums are not stored.
     */
    private static void dotRow(float[] a, float[] b, float[] c, int n, int k, int i, boolean add,
            Scratch scratch) {
        float[] t = scratch.sums;
        int a0 = i * k;
        int last = (n - 1) * k, kv = k - k % L, rest = k - kv;
        // k past the last whole vector: one more step on copies padded with zeros
        float[] ta = scratch.tailA, tb = scratch.tailB;
        if (rest > 0) {
            for (int r = 0; r < 1; r++) {
                for (int x = 0; x < L; x++) {
                    ta[r * L + x] = x < rest ? a[a0 + r * k + kv + x] : 0;
                }
            }
            Arrays.fill(tb, 0, 16 * L, 0);
        }
        for (int j = 0; j < n; j += 16) {
            int b0 = j * k, b1 = Math.min(b0 + k, last), b2 = Math.min(b1 + k, last), b3 = Math.min(b2 + k, last);
            int b4 = Math.min(b3 + k, last), b5 = Math.min(b4 + k, last), b6 = Math.min(b5 + k, last), b7 = Math.min(b6 + k, last);
            int b8 = Math.min(b7 + k, last), b9 = Math.min(b8 + k, last), b10 = Math.min(b9 + k, last), b11 = Math.min(b10 + k, last);
            int b12 = Math.min(b11 + k, last), b13 = Math.min(b12 + k, last), b14 = Math.min(b13 + k, last), b15 = Math.min(b14 + k, last);
            FloatVector z = FloatVector.zero(F);
            FloatVector s0 = z, s1 = z, s2 = z, s3 = z, s4 = z, s5 = z, s6 = z, s7 = z;
            FloatVector s8 = z, s9 = z, s10 = z, s11 = z, s12 = z, s13 = z, s14 = z, s15 = z;
            for (int p = 0; p < kv; p += L) {
                FloatVector x = FloatVector.fromArray(F, a, a0 + p);
                s0 = x.fma(FloatVector.fromArray(F, b, b0 + p), s0);
                s1 = x.fma(FloatVector.fromArray(F, b, b1 + p), s1);
                s2 = x.fma(FloatVector.fromArray(F, b, b2 + p), s2);
                s3 = x.fma(FloatVector.fromArray(F, b, b3 + p), s3);
                s4 = x.fma(FloatVector.fromArray(F, b, b4 + p), s4);
                s5 = x.fma(FloatVector.fromArray(F, b, b5 + p), s5);
                s6 = x.fma(FloatVector.fromArray(F, b, b6 + p), s6);
                s7 = x.fma(FloatVector.fromArray(F, b, b7 + p), s7);
                s8 = x.fma(FloatVector.fromArray(F, b, b8 + p), s8);
                s9 = x.fma(FloatVector.fromArray(F, b, b9 + p), s9);
                s10 = x.fma(FloatVector.fromArray(F, b, b10 + p), s10);
                s11 = x.fma(FloatVector.fromArray(F, b, b11 + p), s11);
                s12 = x.fma(FloatVector.fromArray(F, b, b12 + p), s12);
                s13 = x.fma(FloatVector.fromArray(F, b, b13 + p), s13);
                s14 = x.fma(FloatVector.fromArray(F, b, b14 + p), s14);
                s15 = x.fma(FloatVector.fromArray(F, b, b15 + p), s15);
            }
            if (rest > 0) {
                for (int q = 0; q < 16; q++) {
                    int from = Math.min(j + q, n - 1) * k + kv;
                    for (int x = 0; x < rest; x++) {
                        tb[q * L + x] = b[from + x];
                    }
                }
                FloatVector x = FloatVector.fromArray(F, ta, 0);
                s0 = x.fma(FloatVector.fromArray(F, tb, 0), s0);
                s1 = x.fma(FloatVector.fromArray(F, tb, L), s1);
                s2 = x.fma(FloatVector.fromArray(F, tb, 2 * L), s2);
                s3 = x.fma(FloatVector.fromArray(F, tb, 3 * L), s3);
                s4 = x.fma(FloatVector.fromArray(F, tb, 4 * L), s4);
                s5 = x.fma(FloatVector.fromArray(F, tb, 5 * L), s5);
                s6 = x.fma(FloatVector.fromArray(F, tb, 6 * L), s6);
                s7 = x.fma(FloatVector.fromArray(F, tb, 7 * L), s7);
                s8 = x.fma(FloatVector.fromArray(F, tb, 8 * L), s8);
                s9 = x.fma(FloatVector.fromArray(F, tb, 9 * L), s9);
                s10 = x.fma(FloatVector.fromArray(F, tb, 10 * L), s10);
                s11 = x.fma(FloatVector.fromArray(F, tb, 11 * L), s11);
                s12 = x.fma(FloatVector.fromArray(F, tb, 12 * L), s12);
                s13 = x.fma(FloatVector.fromArray(F, tb, 13 * L), s13);
                s14 = x.fma(FloatVector.fromArray(F, tb, 14 * L), s14);
                s15 = x.fma(FloatVector.fromArray(F, tb, 15 * L), s15);
            }
            if (L <= 16) { // the reduction tree (see the class comment)
                FloatVector d0 = s0.blend(s8, ODD1).add(s8.blend(s0, ODD1).rearrange(SWAP1));
                FloatVector d1 = s4.blend(s12, ODD1).add(s12.blend(s4, ODD1).rearrange(SWAP1));
                FloatVector d2 = s2.blend(s10, ODD1).add(s10.blend(s2, ODD1).rearrange(SWAP1));
                FloatVector d3 = s6.blend(s14, ODD1).add(s14.blend(s6, ODD1).rearrange(SWAP1));
                FloatVector d4 = s1.blend(s9, ODD1).add(s9.blend(s1, ODD1).rearrange(SWAP1));
                FloatVector d5 = s5.blend(s13, ODD1).add(s13.blend(s5, ODD1).rearrange(SWAP1));
                FloatVector d6 = s3.blend(s11, ODD1).add(s11.blend(s3, ODD1).rearrange(SWAP1));
                FloatVector d7 = s7.blend(s15, ODD1).add(s15.blend(s7, ODD1).rearrange(SWAP1));
                if (L == 2) {
                    d0.intoArray(t, 0);
                    d1.intoArray(t, 2);
                    d2.intoArray(t, 4);
                    d3.intoArray(t, 6);
                    d4.intoArray(t, 8);
                    d5.intoArray(t, 10);
                    d6.intoArray(t, 12);
                    d7.intoArray(t, 14);
                } else {
                    FloatVector e0 = d0.blend(d1, ODD2).add(d1.blend(d0, ODD2).rearrange(SWAP2));
                    FloatVector e1 = d2.blend(d3, ODD2).add(d3.blend(d2, ODD2).rearrange(SWAP2));
                    FloatVector e2 = d4.blend(d5, ODD2).add(d5.blend(d4, ODD2).rearrange(SWAP2));
                    FloatVector e3 = d6.blend(d7, ODD2).add(d7.blend(d6, ODD2).rearrange(SWAP2));
                    if (L == 4) {
                        e0.intoArray(t, 0);
                        e1.intoArray(t, 4);
                        e2.intoArray(t, 8);
                        e3.intoArray(t, 12);
                    } else {
                        FloatVector f0 = e0.blend(e1, ODD3).add(e1.blend(e0, ODD3).rearrange(SWAP3));
                        FloatVector f1 = e2.blend(e3, ODD3).add(e3.blend(e2, ODD3).rearrange(SWAP3));
                        if (L == 8) {
                            f0.intoArray(t, 0);
                            f1.intoArray(t, 8);
                        } else {
                            FloatVector g = f0.blend(f1, ODD4).add(f1.blend(f0, ODD4).rearrange(SWAP4)); // the 16 sums in order
                            if (n - j >= 16) { // a whole tile: 16 neighbours in row i of c
                                int cij = i * n + j;
                                if (add) {
                                    g = g.add(FloatVector.fromArray(F, c, cij));
                                }
                                g.intoArray(c, cij);
                                continue;
                            }
                            g.intoArray(t, 0);
                        }
                    }
                }
            } else { // wider than 16 lanes: one by one
                t[0] = s0.reduceLanes(VectorOperators.ADD);
                t[1] = s8.reduceLanes(VectorOperators.ADD);
                t[2] = s4.reduceLanes(VectorOperators.ADD);
                t[3] = s12.reduceLanes(VectorOperators.ADD);
                t[4] = s2.reduceLanes(VectorOperators.ADD);
                t[5] = s10.reduceLanes(VectorOperators.ADD);
                t[6] = s6.reduceLanes(VectorOperators.ADD);
                t[7] = s14.reduceLanes(VectorOperators.ADD);
                t[8] = s1.reduceLanes(VectorOperators.ADD);
                t[9] = s9.reduceLanes(VectorOperators.ADD);
                t[10] = s5.reduceLanes(VectorOperators.ADD);
                t[11] = s13.reduceLanes(VectorOperators.ADD);
                t[12] = s3.reduceLanes(VectorOperators.ADD);
                t[13] = s11.reduceLanes(VectorOperators.ADD);
                t[14] = s7.reduceLanes(VectorOperators.ADD);
                t[15] = s15.reduceLanes(VectorOperators.ADD);
            }
            // a tile cut by the end of c (or fewer than 16 lanes): from t, as far as c goes
            int cols = Math.min(16, n - j);
            for (int q = 0, ci = i * n + j; q < cols; q++) {
                float s = t[SUM_AT[q]];
                c[ci + q] = add ? c[ci + q] + s : s;
            }
        }
    }

    /**
     * t[p·n + j] = b[j·k + p] for the n×k matrix b and j ≥ {@code from} (the columns still to be computed;
     * t's others are left as they are), in 8 × 8 blocks so that both sides stay in L1.
     */
    private static void transpose(float[] b, int n, int k, int from, float[] t) {
        for (int j0 = from; j0 < n; j0 += 8) {
            int jEnd = Math.min(n, j0 + 8);
            for (int p0 = 0; p0 < k; p0 += 8) {
                int pEnd = Math.min(k, p0 + 8);
                for (int p = p0; p < pEnd; p++) {
                    for (int j = j0, bp = j0 * k + p, tp = p * n + j0; j < jEnd; j++, bp += k, tp++) {
                        t[tp] = b[bp];
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- packed tiles (16 registers)

    /** Rows of b (the sum's k) per packed block: a panel of 128 × 2 vectors of 8 floats is 8 KB, for L1. */
    private static final int KC = 128;
    /** Rows of a per packed chunk: 12 tiles of 6; 72 × 128 floats is 36 KB, for L2. */
    private static final int MC = 72;

    /**
     * c[:, 0 .. w) (+)= Σ_p a(i, p)·b(p, j) for the w = n − n mod 2L columns of whole panels of 2L, with
     * a(i, p) = a[i·rs + p·cs] and b(p, j) = b[p·bp + j·bj]; returns w. The loops are those of BLIS and
     * OpenBLAS: for each block of {@value #KC} rows of b, the block is copied ("packed") panel by panel
     * into {@link Scratch#packedB} (element (p, v) of panel q at {@code q·kc·2L + p·2L + v}); then for each
     * chunk of {@value #MC} rows of a, the chunk's block is packed into {@link Scratch#packedA} in tiles
     * of 6 rows (then one of 4, then single rows: element (p, r) of the tile at chunk row i at
     * {@code i·kc + p·w + r}); then each tile runs over each panel. The tiles read both at constant
     * strides of their loop counter, so C2 hoists every bounds check out of the loop (read in place, 8
     * checks per 12 multiply-adds cost the AVX2 tiles about a third of their speed), and a transposed b
     * (multTransB) costs only its packing. Each of a and b is packed once per call.
     */
    private static int packedProduct(float[] a, int rs, int cs, float[] b, int bp, int bj, float[] c, int m,
            int n, int k, boolean add, Scratch scratch) {
        int width = n - n % (2 * L);
        if (width == 0 || m == 0 || k == 0) {
            return 0;
        }
        float[] pa = scratch.packedA;
        float[] pb = scratch.packedB(Math.min(KC, k) * width);
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            boolean blockAdd = add || p0 > 0;
            for (int j = 0; j < width; j += 2 * L) {
                packB(b, bp, bj, p0, kc, j, pb, j * kc);
            }
            for (int i0 = 0; i0 < m; i0 += MC) {
                int mc = Math.min(MC, m - i0);
                packA(a, rs, cs, i0, mc, p0, kc, pa);
                for (int j = 0; j < width; j += 2 * L) {
                    int bo = j * kc;
                    for (int i = 0, w; i < mc; i += w) {
                        w = tileRows(mc - i);
                        int ao = i * kc, c0 = (i0 + i) * n + j;
                        if (w == 6) {
                            packed6x2(pa, ao, pb, bo, kc, c, c0, n, blockAdd);
                        } else if (w == 4) {
                            packed4x2(pa, ao, pb, bo, kc, c, c0, n, blockAdd);
                        } else {
                            packed1x2(pa, ao, pb, bo, kc, c, c0, blockAdd);
                        }
                    }
                }
            }
        }
        return width;
    }

    /**
     * The rows of the tile where {@code left} rows of a chunk remain: 6 while 6 remain, then one of 4, then 1;
     * but 4 where 6 would leave 2 or 3 rows, which then went as single rows at a sixth of the speed: 32
     * filters are 6, 6, 6, 6, 4, 4, not 6, 6, 6, 6, 6, 1, 1.
     */
    private static int tileRows(int left) {
        return left >= 6 && (left < 8 || left > 9) ? 6 : left >= 4 ? 4 : 1;
    }

    /** pa: a(i0 + i, p0 + p) for i &lt; mc, p &lt; kc, in the tiles of {@link #tileRows} ({@link #packedProduct}). */
    private static void packA(float[] a, int rs, int cs, int i0, int mc, int p0, int kc, float[] pa) {
        for (int i = 0, w; i < mc; i += w) {
            w = tileRows(mc - i);
            packRows(a, rs, cs, i0 + i, w, p0, kc, pa, i * kc);
        }
    }

    /** pa[at + p·w + r] = a(i + r, p0 + p) for r &lt; w, p &lt; kc. */
    private static void packRows(float[] a, int rs, int cs, int i, int w, int p0, int kc, float[] pa, int at) {
        if (cs == 1) { // rows of a are contiguous: read along them
            for (int r = 0; r < w; r++) {
                for (int p = 0, src = (i + r) * rs + p0, dst = at + r; p < kc; p++, src++, dst += w) {
                    pa[dst] = a[src];
                }
            }
        } else {
            for (int p = 0, dst = at; p < kc; p++) {
                for (int r = 0, src = (i + r) * rs + (p0 + p) * cs; r < w; r++, src += rs, dst++) {
                    pa[dst] = a[src];
                }
            }
        }
    }

    /** pb[at + p·2L + v] = b((p0 + p)·bp + (j + v)·bj) for p &lt; kc, v &lt; 2L. */
    private static void packB(float[] b, int bp, int bj, int p0, int kc, int j, float[] pb, int at) {
        if (bj == 1) { // rows of b: two vectors each
            for (int p = 0, src = p0 * bp + j, dst = at; p < kc; p++, src += bp, dst += 2 * L) {
                FloatVector.fromArray(F, b, src).intoArray(pb, dst);
                FloatVector.fromArray(F, b, src + L).intoArray(pb, dst + L);
            }
        } else { // b is stored transposed: read each of its rows along p
            for (int v = 0; v < 2 * L; v++) {
                for (int p = 0, src = p0 * bp + (j + v) * bj, dst = at + v; p < kc; p++, src += bp, dst += 2 * L) {
                    pb[dst] = b[src];
                }
            }
        }
    }

    /** c[6 rows from c0, 2L columns] (+)= Σ_p pa[ao + 6p + r]·pb[bo + 2Lp ..]: 12 accumulators, 2 of b, 1 broadcast. */
    private static void packed6x2(float[] pa, int ao, float[] pb, int bo, int kc, float[] c, int c0, int n,
            boolean add) {
        int c1 = c0 + n, c2 = c1 + n, c3 = c2 + n, c4 = c3 + n, c5 = c4 + n;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (add) {
            c00 = FloatVector.fromArray(F, c, c0);
            c01 = FloatVector.fromArray(F, c, c0 + L);
            c10 = FloatVector.fromArray(F, c, c1);
            c11 = FloatVector.fromArray(F, c, c1 + L);
            c20 = FloatVector.fromArray(F, c, c2);
            c21 = FloatVector.fromArray(F, c, c2 + L);
            c30 = FloatVector.fromArray(F, c, c3);
            c31 = FloatVector.fromArray(F, c, c3 + L);
            c40 = FloatVector.fromArray(F, c, c4);
            c41 = FloatVector.fromArray(F, c, c4 + L);
            c50 = FloatVector.fromArray(F, c, c5);
            c51 = FloatVector.fromArray(F, c, c5 + L);
        } else {
            FloatVector z = FloatVector.zero(F);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z;
            c30 = z; c31 = z; c40 = z; c41 = z; c50 = z; c51 = z;
        }
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(F, pb, bo + p * (2 * L));
            FloatVector b1 = FloatVector.fromArray(F, pb, bo + p * (2 * L) + L);
            FloatVector x = FloatVector.broadcast(F, pa[ao + p * 6]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, pa[ao + p * 6 + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, pa[ao + p * 6 + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, pa[ao + p * 6 + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, pa[ao + p * 6 + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, pa[ao + p * 6 + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c10.intoArray(c, c1);
        c11.intoArray(c, c1 + L);
        c20.intoArray(c, c2);
        c21.intoArray(c, c2 + L);
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + L);
        c40.intoArray(c, c4);
        c41.intoArray(c, c4 + L);
        c50.intoArray(c, c5);
        c51.intoArray(c, c5 + L);
    }

    /** c[4 rows from c0, 2L columns] (+)= Σ_p pa[ao + 4p + r]·pb[bo + 2Lp ..]: 8 accumulators. */
    private static void packed4x2(float[] pa, int ao, float[] pb, int bo, int kc, float[] c, int c0, int n,
            boolean add) {
        int c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        if (add) {
            c00 = FloatVector.fromArray(F, c, c0);
            c01 = FloatVector.fromArray(F, c, c0 + L);
            c10 = FloatVector.fromArray(F, c, c1);
            c11 = FloatVector.fromArray(F, c, c1 + L);
            c20 = FloatVector.fromArray(F, c, c2);
            c21 = FloatVector.fromArray(F, c, c2 + L);
            c30 = FloatVector.fromArray(F, c, c3);
            c31 = FloatVector.fromArray(F, c, c3 + L);
        } else {
            FloatVector z = FloatVector.zero(F);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
        }
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(F, pb, bo + p * (2 * L));
            FloatVector b1 = FloatVector.fromArray(F, pb, bo + p * (2 * L) + L);
            FloatVector x = FloatVector.broadcast(F, pa[ao + p * 4]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, pa[ao + p * 4 + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, pa[ao + p * 4 + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, pa[ao + p * 4 + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c10.intoArray(c, c1);
        c11.intoArray(c, c1 + L);
        c20.intoArray(c, c2);
        c21.intoArray(c, c2 + L);
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + L);
    }

    /** c[row c0, 2L columns] (+)= Σ_p pa[ao + p]·pb[bo + 2Lp ..]. */
    private static void packed1x2(float[] pa, int ao, float[] pb, int bo, int kc, float[] c, int c0, boolean add) {
        FloatVector c00, c01;
        if (add) {
            c00 = FloatVector.fromArray(F, c, c0);
            c01 = FloatVector.fromArray(F, c, c0 + L);
        } else {
            c00 = FloatVector.zero(F);
            c01 = c00;
        }
        for (int p = 0; p < kc; p++) {
            FloatVector x = FloatVector.broadcast(F, pa[ao + p]);
            c00 = x.fma(FloatVector.fromArray(F, pb, bo + p * (2 * L)), c00);
            c01 = x.fma(FloatVector.fromArray(F, pb, bo + p * (2 * L) + L), c01);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
    }

    // ---------------------------------------------------------------- narrow tiles (16 registers)

    /**
     * Rows i..i+3 of c: the dot products of 4 rows of a with 2 rows of b at a time (8 accumulators,
     * 2 of b, 1 of a: 11 registers). Rows of b past n repeat the last one; their sums are not stored.
     */
    private static void dotRows4x2(float[] a, float[] b, float[] c, int n, int k, int i, boolean add,
            Scratch scratch) {
        float[] t = scratch.sums;
        int a0 = i * k;
        int last = (n - 1) * k, kv = k - k % L, rest = k - kv;
        float[] ta = scratch.tailA, tb = scratch.tailB;
        if (rest > 0) { // k past the last whole vector: one more step on copies padded with zeros
            for (int r = 0; r < 4; r++) {
                for (int x = 0; x < L; x++) {
                    ta[r * L + x] = x < rest ? a[a0 + r * k + kv + x] : 0;
                }
            }
            Arrays.fill(tb, 0, 2 * L, 0);
        }
        for (int j = 0; j < n; j += 2) {
            int b0 = j * k, b1 = Math.min(b0 + k, last);
            FloatVector z = FloatVector.zero(F);
            FloatVector s00 = z, s01 = z, s10 = z, s11 = z, s20 = z, s21 = z, s30 = z, s31 = z;
            for (int p = 0; p < kv; p += L) {
                FloatVector y0 = FloatVector.fromArray(F, b, b0 + p);
                FloatVector y1 = FloatVector.fromArray(F, b, b1 + p);
                FloatVector x = FloatVector.fromArray(F, a, a0 + 0 * k + p);
                s00 = x.fma(y0, s00);
                s01 = x.fma(y1, s01);
                x = FloatVector.fromArray(F, a, a0 + 1 * k + p);
                s10 = x.fma(y0, s10);
                s11 = x.fma(y1, s11);
                x = FloatVector.fromArray(F, a, a0 + 2 * k + p);
                s20 = x.fma(y0, s20);
                s21 = x.fma(y1, s21);
                x = FloatVector.fromArray(F, a, a0 + 3 * k + p);
                s30 = x.fma(y0, s30);
                s31 = x.fma(y1, s31);
            }
            if (rest > 0) {
                for (int q = 0; q < 2; q++) {
                    int from = Math.min(j + q, n - 1) * k + kv;
                    for (int x = 0; x < rest; x++) {
                        tb[q * L + x] = b[from + x];
                    }
                }
                FloatVector y0 = FloatVector.fromArray(F, tb, 0 * L);
                FloatVector y1 = FloatVector.fromArray(F, tb, 1 * L);
                FloatVector x = FloatVector.fromArray(F, ta, 0 * L);
                s00 = x.fma(y0, s00);
                s01 = x.fma(y1, s01);
                x = FloatVector.fromArray(F, ta, 1 * L);
                s10 = x.fma(y0, s10);
                s11 = x.fma(y1, s11);
                x = FloatVector.fromArray(F, ta, 2 * L);
                s20 = x.fma(y0, s20);
                s21 = x.fma(y1, s21);
                x = FloatVector.fromArray(F, ta, 3 * L);
                s30 = x.fma(y0, s30);
                s31 = x.fma(y1, s31);
            }
            // one reduceLanes per sum: a blend tree here made C2 box its last vector (class comment)
            t[0] = s00.reduceLanes(VectorOperators.ADD);
            t[1] = s01.reduceLanes(VectorOperators.ADD);
            t[2] = s10.reduceLanes(VectorOperators.ADD);
            t[3] = s11.reduceLanes(VectorOperators.ADD);
            t[4] = s20.reduceLanes(VectorOperators.ADD);
            t[5] = s21.reduceLanes(VectorOperators.ADD);
            t[6] = s30.reduceLanes(VectorOperators.ADD);
            t[7] = s31.reduceLanes(VectorOperators.ADD);
            int cols = Math.min(2, n - j);
            for (int r = 0; r < 4; r++) {
                for (int q = 0, ci = (i + r) * n + j; q < cols; q++) {
                    float s = t[r * 2 + q];
                    c[ci + q] = add ? c[ci + q] + s : s;
                }
            }
        }
    }


    /**
     * Row i of c: the dot products of row i of a with 8 rows of b at a time (8 accumulators). Rows of b
     * past n repeat the last one; their sums are not stored.
     */
    private static void dotRow8(float[] a, float[] b, float[] c, int n, int k, int i, boolean add,
            Scratch scratch) {
        float[] t = scratch.sums;
        int a0 = i * k;
        int last = (n - 1) * k, kv = k - k % L, rest = k - kv;
        float[] ta = scratch.tailA, tb = scratch.tailB;
        if (rest > 0) {
            for (int x = 0; x < L; x++) {
                ta[x] = x < rest ? a[a0 + kv + x] : 0;
            }
            Arrays.fill(tb, 0, 8 * L, 0);
        }
        for (int j = 0; j < n; j += 8) {
            int b0 = j * k, b1 = Math.min(b0 + k, last), b2 = Math.min(b1 + k, last), b3 = Math.min(b2 + k, last);
            int b4 = Math.min(b3 + k, last), b5 = Math.min(b4 + k, last), b6 = Math.min(b5 + k, last), b7 = Math.min(b6 + k, last);
            FloatVector z = FloatVector.zero(F);
            FloatVector s0 = z, s1 = z, s2 = z, s3 = z, s4 = z, s5 = z, s6 = z, s7 = z;
            for (int p = 0; p < kv; p += L) {
                FloatVector x = FloatVector.fromArray(F, a, a0 + p);
                s0 = x.fma(FloatVector.fromArray(F, b, b0 + p), s0);
                s1 = x.fma(FloatVector.fromArray(F, b, b1 + p), s1);
                s2 = x.fma(FloatVector.fromArray(F, b, b2 + p), s2);
                s3 = x.fma(FloatVector.fromArray(F, b, b3 + p), s3);
                s4 = x.fma(FloatVector.fromArray(F, b, b4 + p), s4);
                s5 = x.fma(FloatVector.fromArray(F, b, b5 + p), s5);
                s6 = x.fma(FloatVector.fromArray(F, b, b6 + p), s6);
                s7 = x.fma(FloatVector.fromArray(F, b, b7 + p), s7);
            }
            if (rest > 0) {
                for (int q = 0; q < 8; q++) {
                    int from = Math.min(j + q, n - 1) * k + kv;
                    for (int x = 0; x < rest; x++) {
                        tb[q * L + x] = b[from + x];
                    }
                }
                FloatVector x = FloatVector.fromArray(F, ta, 0);
                s0 = x.fma(FloatVector.fromArray(F, tb, 0), s0);
                s1 = x.fma(FloatVector.fromArray(F, tb, L), s1);
                s2 = x.fma(FloatVector.fromArray(F, tb, 2 * L), s2);
                s3 = x.fma(FloatVector.fromArray(F, tb, 3 * L), s3);
                s4 = x.fma(FloatVector.fromArray(F, tb, 4 * L), s4);
                s5 = x.fma(FloatVector.fromArray(F, tb, 5 * L), s5);
                s6 = x.fma(FloatVector.fromArray(F, tb, 6 * L), s6);
                s7 = x.fma(FloatVector.fromArray(F, tb, 7 * L), s7);
            }
            // one reduceLanes per sum: a blend tree here made C2 box its last vector (class comment)
            t[0] = s0.reduceLanes(VectorOperators.ADD);
            t[1] = s1.reduceLanes(VectorOperators.ADD);
            t[2] = s2.reduceLanes(VectorOperators.ADD);
            t[3] = s3.reduceLanes(VectorOperators.ADD);
            t[4] = s4.reduceLanes(VectorOperators.ADD);
            t[5] = s5.reduceLanes(VectorOperators.ADD);
            t[6] = s6.reduceLanes(VectorOperators.ADD);
            t[7] = s7.reduceLanes(VectorOperators.ADD);
            int cols = Math.min(8, n - j);
            for (int q = 0, ci = i * n + j; q < cols; q++) {
                c[ci + q] = add ? c[ci + q] + t[q] : t[q];
            }
        }
    }

    // ---------------------------------------------------------------- set-up

    private static VectorSpecies<Float> species(String bits) {
        if (bits == null || bits.isBlank()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(Integer.parseInt(bits.trim())));
    }

    /**
     * The property {@code digitlab.kernels.registers} if set (the tests use it to run the narrow tiles on
     * any machine), else 32 on ARM and with AVX-512 (HotSpot uses zmm16–31 only then), 16 otherwise.
     */
    private static int registers(String property) {
        if (property != null && !property.isBlank()) {
            return Integer.parseInt(property.trim());
        }
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("aarch64")) {
            return 32;
        }
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? 32 : 16;
    }

    /** The lanes whose chunk of h lanes has an odd index; null for h < 1 (no such level). */
    private static VectorMask<Float> odd(int h) {
        if (h < 1) {
            return null;
        }
        boolean[] bits = new boolean[L];
        for (int lane = 0; lane < L; lane++) {
            bits[lane] = (lane / h) % 2 == 1;
        }
        return VectorMask.fromArray(F, bits, 0);
    }

    /** Each chunk of h lanes swapped with its partner; null for h < 1. */
    private static VectorShuffle<Float> swap(int h) {
        if (h < 1) {
            return null;
        }
        int[] to = new int[L];
        for (int lane = 0; lane < L; lane++) {
            to[lane] = lane ^ h;
        }
        return VectorShuffle.fromArray(F, to, 0);
    }

    /**
     * Follows the tree on owners instead of numbers. Accumulator q enters at slot bitReverse(q); after a
     * level, chunk c of the fold of (x, y) belongs to what x's chunk c/2 belonged to when c is even,
     * y's when odd; the vectors left at the end are stored one after another.
     */
    private static int[] sumPositions(int count) {
        int[] slotPosition = new int[count];
        if (L > count) { // reduceLanes, slot by slot
            for (int s = 0; s < count; s++) {
                slotPosition[s] = s;
            }
        } else {
            int[][] owners = new int[count][];
            for (int s = 0; s < count; s++) {
                owners[s] = new int[] {s};
            }
            for (int h = L / 2; h >= 1; h /= 2) {
                int[][] next = new int[owners.length / 2][];
                for (int v = 0; v < next.length; v++) {
                    int[] x = owners[2 * v], y = owners[2 * v + 1];
                    next[v] = new int[2 * x.length];
                    for (int chunk = 0; chunk < x.length; chunk++) {
                        next[v][2 * chunk] = x[chunk];
                        next[v][2 * chunk + 1] = y[chunk];
                    }
                }
                owners = next;
            }
            for (int v = 0; v < owners.length; v++) {
                for (int lane = 0; lane < L; lane++) {
                    slotPosition[owners[v][lane]] = v * L + lane;
                }
            }
        }
        int bits = Integer.numberOfTrailingZeros(count);
        int[] at = new int[count];
        for (int q = 0; q < count; q++) {
            at[q] = slotPosition[Integer.reverse(q) >>> (32 - bits)];
        }
        return at;
    }
}
