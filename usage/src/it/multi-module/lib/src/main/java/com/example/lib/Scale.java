package com.example.lib;

/** A helper in another module: no Valence annotation, not compiled with the electron. */
public final class Scale {
    private Scale() {}

    /** @return the value scaled */
    public static int apply(int x) {
        return x * 2;
    }
}
