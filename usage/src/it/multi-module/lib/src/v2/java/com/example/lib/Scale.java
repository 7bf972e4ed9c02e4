package com.example.lib;

/** The helper edited: the electron that calls it must run again, though its own module is unchanged. */
public final class Scale {
    private Scale() {}

    /** @return the value scaled */
    public static int apply(int x) {
        return x * 3;
    }
}
