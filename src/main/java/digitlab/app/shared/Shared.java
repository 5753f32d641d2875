package digitlab.app.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One value that several views share, with listeners told when it changes. Plain Java, so presenters
 * that use it are tested without a display; used on the JavaFX thread only.
 */
public final class Shared<T> {
    private final List<Consumer<T>> listeners = new ArrayList<>();
    private T value;

    public Shared(T initial) {
        this.value = initial;
    }

    public T get() {
        return value;
    }

    /** Sets the value and tells every listener, unless it is the same value. */
    public void set(T newValue) {
        if (Objects.equals(value, newValue)) {
            return;
        }
        value = newValue;
        for (Consumer<T> l : List.copyOf(listeners)) {
            l.accept(newValue);
        }
    }

    /** {@code listener} is told of every later change. */
    public void listen(Consumer<T> listener) {
        listeners.add(listener);
    }
}
