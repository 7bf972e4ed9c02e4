package dev.valence.runtime.internal.engine;

import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.Catalog;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.graph.Node;
import dev.valence.runtime.graph.Workflow;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds lattices and electrons by id: first among those this {@code Valence} instance has seen, then
 * in the generated catalog class whose binary name the store recorded. This is how a new process
 * rebuilds a stored dispatch's graph.
 */
final class Catalogs {
    private final ClassLoader classLoader;
    private final Map<String, LatticeRef<?>> lattices = new ConcurrentHashMap<>();
    private final Map<String, ElectronRef<?>> electrons = new ConcurrentHashMap<>();

    Catalogs(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    void remember(Workflow<?> workflow) {
        lattices.putIfAbsent(workflow.lattice().id(), workflow.lattice());
        for (Node node : workflow.graph().nodes()) {
            if (node instanceof Node.Step step) {
                electrons.putIfAbsent(step.electron().id(), step.electron());
            } else if (node instanceof Node.Sublattice sublattice) {
                // Its child dispatch records this lattice: reading the child's values needs it.
                lattices.putIfAbsent(sublattice.lattice().id(), sublattice.lattice());
            }
        }
    }

    /** Whether this instance has seen the electron (so it needs no catalog to find it). */
    boolean knowsElectron(String id) {
        return electrons.containsKey(id);
    }

    /** Whether this instance has seen the lattice (so it needs no catalog to find it). */
    boolean knowsLattice(String id) {
        return lattices.containsKey(id);
    }

    void remember(ElectronRef<?> electron) {
        electrons.putIfAbsent(electron.id(), electron);
    }

    LatticeRef<?> lattice(String id, String catalogName) {
        LatticeRef<?> known = lattices.get(id);
        if (known != null) {
            return known;
        }
        for (LatticeRef<?> lattice : load(catalogName, "lattice " + id).lattices()) {
            lattices.putIfAbsent(lattice.id(), lattice);
        }
        LatticeRef<?> found = lattices.get(id);
        if (found == null) {
            throw new ValenceException("the lattice " + id + " is no longer in " + catalogName
                    + "; was it renamed or removed? Redispatch with withInputs(...) and the lattice's new name");
        }
        return found;
    }

    ElectronRef<?> electron(String id, String catalogName) {
        ElectronRef<?> known = electrons.get(id);
        if (known != null) {
            return known;
        }
        for (ElectronRef<?> electron : load(catalogName, "electron " + id).electrons()) {
            electrons.putIfAbsent(electron.id(), electron);
        }
        ElectronRef<?> found = electrons.get(id);
        if (found == null) {
            throw new ValenceException("the electron " + id + " is no longer in " + catalogName
                    + "; was it renamed or removed? Pass the replacement again with replace(...)");
        }
        return found;
    }

    private Catalog load(String catalogName, String what) {
        if (catalogName == null || catalogName.isEmpty()) {
            throw new ValenceException("the " + what + " was built by hand, not by the annotation processor, so this"
                    + " process cannot find it; pass it again (withInputs(...) for a lattice, replace(...) for an"
                    + " electron)");
        }
        Class<?> type;
        try {
            // Not initialised before the check: the name comes from the store, which anyone with
            // access can edit, and must not get to run the static initialiser of any class.
            type = Class.forName(catalogName, false, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ValenceException(
                    "cannot load the catalog " + catalogName + " that lists the " + what + " (" + e
                            + "); is the code that defines it on this process's classpath?",
                    e);
        }
        if (!Catalog.class.isAssignableFrom(type)) {
            throw new ValenceException("the store names " + catalogName + " as the catalog that lists the " + what
                    + ", but it is no generated Catalog; the store was edited or the code changed");
        }
        try {
            return (Catalog) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ValenceException(
                    "cannot load the catalog " + catalogName + " that lists the " + what + " (" + e
                            + "); is the code that defines it on this process's classpath?",
                    e);
        }
    }
}
