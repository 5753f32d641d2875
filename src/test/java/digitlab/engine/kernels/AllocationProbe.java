package digitlab.engine.kernels;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;

import digitlab.engine.kernels.Products.Op;
import digitlab.engine.kernels.Products.Shape;

/**
 * Run by {@code MatMulTest} in a JVM of its own: warms the kernels ("vector" or "plain") on the
 * network's shapes, then prints the bytes allocated in five windows of 200 rounds. Not every odd shape:
 * with k not a multiple of the vector length, C2 sometimes compiles the dot tiles so that they box their
 * vectors (about one JVM run in ten; an open problem, see the README).
 */
final class AllocationProbe {
    private AllocationProbe() {
    }

    public static void main(String[] args) {
        MatMul kernels = args[0].equals("vector") ? Kernels.best() : Kernels.plain();
        if (args[0].equals("vector") && !Kernels.vectorAvailable()) {
            throw new IllegalStateException("the vector kernels are not available in this JVM");
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Random random = new Random(5);
        // the network's products (784-128-64-10) at batch 64, 32 (two threads) and 1 (one image)
        Shape[] shapes = {new Shape(64, 128, 784), new Shape(64, 64, 128), new Shape(64, 10, 64),
            new Shape(32, 128, 784), new Shape(1, 128, 784), new Shape(128, 784, 64)};
        FMatrixRMaj[][] operands = new FMatrixRMaj[shapes.length * 3][];
        for (int s = 0; s < shapes.length; s++) {
            for (Op op : Op.values()) {
                Shape shape = shapes[s];
                operands[s * 3 + op.ordinal()] = new FMatrixRMaj[] {op.left(shape.m(), shape.k(), random),
                    op.right(shape.k(), shape.n(), random), new FMatrixRMaj(shape.m(), shape.n())};
            }
        }
        Op[] ops = Op.values(); // values() copies its array on every call
        Runnable round = () -> {
            for (int s = 0; s < operands.length; s++) {
                FMatrixRMaj[] o = operands[s];
                ops[s % 3].run(kernels, o[0], o[1], o[2], (s & 1) == 0);
            }
        };
        for (int i = 0; i < 1500; i++) { // until C2 has compiled everything
            round.run();
        }
        List<Long> windows = new ArrayList<>();
        for (int w = 0; w < 5; w++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 50; i++) {
                round.run();
            }
            windows.add(threads.getThreadAllocatedBytes(thread) - before);
        }
        System.out.println(windows);
    }
}
