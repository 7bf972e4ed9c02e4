package dev.valence.runtime.graph;

import java.util.List;

/**
 * Lists the lattices and electrons of one generated class, so that a new process can rebuild a
 * stored dispatch's graph (redispatch with stored inputs, replaced electrons) without the caller
 * naming them again.
 *
 * <p>Generated classes hold a public nested {@code Catalog} implementing this interface; the runtime
 * loads it by the binary name recorded in {@link ElectronRef#catalog()} or {@link
 * LatticeRef#catalog()} and instantiates it through its public no-argument constructor.
 */
public interface Catalog {

    /** @return the lattices this catalog lists */
    default List<LatticeRef<?>> lattices() {
        return List.of();
    }

    /** @return the electrons this catalog lists */
    default List<ElectronRef<?>> electrons() {
        return List.of();
    }
}
