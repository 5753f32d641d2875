package digitlab.nn;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A few threads that run one task split into parts, part 0 on the caller, and return when every part is
 * done. Meant for steps of a few hundred microseconds, where handing work to an executor would cost more
 * than the work: idle workers spin briefly, then sleep in short naps, so a paused run costs little CPU.
 * One caller at a time. {@link #close()} ends the threads.
 */
final class Workers implements AutoCloseable {
    private static final int SPINS = 20_000;

    private final Worker[] workers;
    private volatile IntConsumer task;
    private volatile long round;
    private volatile boolean closed;

    private final class Worker extends Thread {
        final int part;
        volatile long done;
        volatile boolean sleeping;
        volatile Throwable failure;

        Worker(int part, String name) {
            super(name + "-" + part);
            this.part = part;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long idle = 0;
                while (round == seen && !closed) {
                    if (idle++ < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        sleeping = true;
                        if (round == seen && !closed) {
                            LockSupport.parkNanos(idle < SPINS + 200 ? 50_000 : 1_000_000);
                        }
                        sleeping = false;
                    }
                }
                if (closed) {
                    return;
                }
                seen = round;
                try {
                    task.accept(part);
                } catch (Throwable t) {
                    failure = t;
                }
                done = seen;
            }
        }
    }

    /** {@code parts − 1} threads (none for one part), named after {@code name}. */
    Workers(int parts, String name) {
        workers = new Worker[parts - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1, name);
            workers[i].start();
        }
    }

    int parts() {
        return workers.length + 1;
    }

    /** Runs {@code task.accept(part)} for every part at once and waits for all. A part's exception is rethrown here. */
    void run(IntConsumer task) {
        if (workers.length == 0) {
            task.accept(0);
            return;
        }
        this.task = task;
        long r = round + 1;
        round = r; // publishes the task
        for (Worker w : workers) {
            if (w.sleeping) {
                LockSupport.unpark(w);
            }
        }
        Throwable mine = null;
        try {
            task.accept(0);
        } catch (Throwable t) {
            mine = t;
        }
        for (Worker w : workers) {
            while (w.done != r) {
                Thread.onSpinWait();
            }
        }
        for (Worker w : workers) {
            if (w.failure != null) {
                Throwable t = w.failure;
                w.failure = null;
                mine = mine == null ? t : mine;
            }
        }
        if (mine instanceof RuntimeException e) {
            throw e;
        }
        if (mine instanceof Error e) {
            throw e;
        }
    }

    /** The start of part {@code part} when {@code n} items are split as evenly as possible. */
    static int split(int n, int parts, int part) {
        return (int) ((long) n * part / parts);
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
        for (Worker w : workers) {
            try {
                w.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
