package digitlab.engine.kernels;

import org.ejml.data.FMatrixRMaj;

/**
 * Matrix products on row-major {@link FMatrixRMaj} matrices, in the style of EJML's {@code CommonOps_FDRM}.
 *
 * <p>Every method reads {@code a} and {@code b} and writes only {@code c}. With {@code add = false} the
 * product overwrites {@code c} (whatever {@code c} held before is ignored, NaN included); with
 * {@code add = true} it is added to what {@code c} holds. Shapes are taken from {@code numRows} and
 * {@code numCols} (the arrays may be longer) and are checked: a mismatch throws an
 * {@link IllegalArgumentException} naming the operation and the three shapes. {@code c} must not share
 * its array with {@code a} or {@code b} (also an {@code IllegalArgumentException}); {@code a} and
 * {@code b} may be the same matrix. Sizes of zero are allowed: an empty sum is zero.
 *
 * <p>A warm call allocates nothing. Implementations hold no per-call state, so one instance may be used
 * by several threads at once on different {@code c}. Results agree with {@code CommonOps_FDRM} up to
 * float rounding: the terms of each sum are added in a different order.
 *
 * @see Kernels
 */
public interface MatMul {

    /**
     * <p>Performs the matrix product:<br><br>
     * c = a * b (add = false) or c = c + a * b (add = true)<br><br>
     * c<sub>ij</sub> (+)= &sum;<sub>l=1:k</sub> { a<sub>il</sub> * b<sub>lj</sub> }
     *
     * @param a the left matrix, m×k; not modified
     * @param b the right matrix, k×n; not modified
     * @param c where the result is written, m×n; modified
     * @param add whether to add to {@code c} instead of overwriting it
     * @throws IllegalArgumentException when the shapes do not fit, or {@code c} shares an array with
     *     {@code a} or {@code b}
     */
    void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add);

    /**
     * <p>Performs the matrix product with the left matrix transposed:<br><br>
     * c = a<sup>T</sup> * b (add = false) or c = c + a<sup>T</sup> * b (add = true)<br><br>
     * c<sub>ij</sub> (+)= &sum;<sub>l=1:k</sub> { a<sub>li</sub> * b<sub>lj</sub> }
     *
     * <p>For example the weight gradient dW (n×k) += dY<sup>T</sup>·X of a layer Y = X·W<sup>T</sup>.
     *
     * @param a the left matrix before transposing, k×m; not modified
     * @param b the right matrix, k×n; not modified
     * @param c where the result is written, m×n; modified
     * @param add whether to add to {@code c} instead of overwriting it
     * @throws IllegalArgumentException when the shapes do not fit, or {@code c} shares an array with
     *     {@code a} or {@code b}
     */
    void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add);

    /**
     * <p>Performs the matrix product with the right matrix transposed:<br><br>
     * c = a * b<sup>T</sup> (add = false) or c = c + a * b<sup>T</sup> (add = true)<br><br>
     * c<sub>ij</sub> (+)= &sum;<sub>l=1:k</sub> { a<sub>il</sub> * b<sub>jl</sub> }
     *
     * <p>For example a layer's forward step Y = X·W<sup>T</sup> with W stored one row per output unit.
     *
     * @param a the left matrix, m×k; not modified
     * @param b the right matrix before transposing, n×k; not modified
     * @param c where the result is written, m×n; modified
     * @param add whether to add to {@code c} instead of overwriting it
     * @throws IllegalArgumentException when the shapes do not fit, or {@code c} shares an array with
     *     {@code a} or {@code b}
     */
    void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add);

    /** What these kernels are, e.g. {@code "vector (AVX-512, 16 floats)"} or {@code "plain Java"}. */
    String name();
}
