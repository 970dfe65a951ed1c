package dev.exemux.server;

import java.util.function.Supplier;

/** A value built once, on first use, by whichever thread gets there first. */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> factory;
    private volatile T value;

    Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = factory.get();
                    value = v;
                }
            }
        }
        return v;
    }

    /** The value if it was built, else null (never builds it). */
    T getIfCreated() {
        return value;
    }
}
