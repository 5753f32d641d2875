package digitlab.engine.kernels;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/** EJML's {@code CommonOps_FDRM}: the reference the other kernels are tested and measured against. */
final class EjmlMatMul implements MatMul {
    static final EjmlMatMul INSTANCE = new EjmlMatMul();

    private EjmlMatMul() {
    }

    @Override
    public void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add) {
        Shapes.mult(a, b, c);
        if (add) {
            CommonOps_FDRM.multAdd(a, b, c);
        } else {
            CommonOps_FDRM.mult(a, b, c);
        }
    }

    @Override
    public void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add) {
        Shapes.multTransA(a, b, c);
        if (add) {
            CommonOps_FDRM.multAddTransA(a, b, c);
        } else {
            CommonOps_FDRM.multTransA(a, b, c);
        }
    }

    @Override
    public void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add) {
        Shapes.multTransB(a, b, c);
        if (add) {
            CommonOps_FDRM.multAddTransB(a, b, c);
        } else {
            CommonOps_FDRM.multTransB(a, b, c);
        }
    }

    @Override
    public String name() {
        return "EJML CommonOps_FDRM";
    }
}
