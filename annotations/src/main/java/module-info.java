/** Valence's annotations: {@code @Electron}, {@code @Lattice} and {@code @IgnoreForCache}. */
module dev.valence.annotations {
    exports dev.valence;
}
