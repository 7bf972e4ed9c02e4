package dev.valence.runtime.internal.engine;

import dev.valence.runtime.NodeKind;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.graph.Node;
import dev.valence.runtime.graph.Parameter;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.ResultStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a stored dispatch's values as the types the code declares, never as the type the store
 * records: the store is a file anyone with access can edit, and a recorded type of the editor's
 * choice would make Java serialization build that class (and run its {@code readObject}).
 *
 * <p>The declared type comes from the references the catalogs find (this instance's, or the
 * generated catalog the store names): an input's type is the lattice's parameter type; an electron
 * node's is the electron's declared return type. Where that is not the node's type (a generic
 * electron's per-call type, a collection, a constant, a sublattice), the lattice's graph is rebuilt
 * from the stored inputs, decoded as the parameter types, exactly as a redispatch rebuilds it, and
 * the rebuilt node's type decides. The stored type must equal the declared one, or the value is not
 * decoded. References first, because rebuilding loads every input: reading one result must not load
 * a graph's worth of values.
 *
 * <p>A lattice built by hand (no catalog) that this instance has not seen has no code to ask: its
 * values are decoded as recorded, but Java serialization only for types naming JDK classes alone
 * (see {@link Values#loadAsRecorded}).
 */
final class DeclaredTypes {
    /** Rebuilt graphs' node types kept per dispatch, so reading every node rebuilds the graph once. */
    private static final int REMEMBERED_DISPATCHES = 64;

    private final ResultStore store;
    private final Values values;
    private final Catalogs catalogs;
    private final Map<String, List<String>> nodeTypes = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
            return size() > REMEMBERED_DISPATCHES;
        }
    };

    DeclaredTypes(ResultStore store, Values values, Catalogs catalogs) {
        this.store = store;
        this.values = values;
        this.catalogs = catalogs;
    }

    /**
     * Loads a stored node's value as the type the code declares for it.
     *
     * @throws ValenceException when the store records another type, the code cannot be found, or
     *     the value cannot be read
     */
    Object load(DispatchRecord dispatch, NodeRecord node) {
        if (!findable(dispatch.latticeCatalog(), catalogs.knowsLattice(dispatch.latticeId()))) {
            return values.loadAsRecorded(node.valueFingerprint(), node.type(), node.name());
        }
        String declared = declaredType(dispatch, node);
        return values.load(node.valueFingerprint(), requireRecorded(dispatch, node, declared));
    }

    /**
     * Decodes a dispatch's stored inputs as the lattice's parameter types, in parameter order.
     *
     * @throws ValenceException when an input was not stored, records another type, or the lattice
     *     no longer has that many parameters
     */
    List<Object> inputs(DispatchRecord dispatch, LatticeRef<?> lattice, List<NodeRecord> nodes) {
        List<Object> arguments = new ArrayList<>();
        for (NodeRecord node : nodes) {
            if (node.kind() != NodeKind.INPUT) {
                continue;
            }
            if (node.valueFingerprint() == null) {
                throw new ValenceException("dispatch " + dispatch.id() + " did not store its input '" + node.name()
                        + "' (it only feeds parameters ignored for the cache, and its type cannot be stored);"
                        + " redispatch with withInputs(...) to pass the inputs again");
            }
            String declared = parameterType(dispatch, lattice, arguments.size(), node);
            arguments.add(values.load(node.valueFingerprint(), requireRecorded(dispatch, node, declared)));
        }
        if (arguments.size() != lattice.parameters().size()) {
            throw codeChanged(
                    dispatch,
                    "the lattice " + lattice.id() + " now takes "
                            + lattice.parameters().size() + " arguments, the dispatch stored " + arguments.size());
        }
        return arguments;
    }

    private String declaredType(DispatchRecord dispatch, NodeRecord node) {
        // Throws, naming the catalog, when its class is missing here: never the stored type instead.
        LatticeRef<?> lattice = catalogs.lattice(dispatch.latticeId(), dispatch.latticeCatalog());
        if (node.kind() == NodeKind.INPUT) {
            int ordinal = (int) store.dispatchLog().inputs(dispatch.id()).stream()
                    .filter(other -> other.index() < node.index())
                    .count();
            return parameterType(dispatch, lattice, ordinal, node);
        }
        if (node.kind() == NodeKind.ELECTRON
                && node.electronId() != null
                && findable(node.electronCatalog(), catalogs.knowsElectron(node.electronId()))) {
            ElectronRef<?> electron = catalogs.electron(node.electronId(), node.electronCatalog());
            if (electron.returnType().equals(node.type())) {
                return electron.returnType();
            }
            // A generic electron's type at this call, or an edited type: the rebuilt graph decides.
        }
        // Only here are the dispatch's node rows read: an electron's read above needs none of them.
        List<String> types = graphTypes(dispatch, lattice);
        if (node.index() >= types.size()) {
            throw codeChanged(dispatch, "its graph now has " + types.size() + " nodes, not node " + node.index());
        }
        return types.get(node.index());
    }

    /** Whether code can be found: this instance knows it, or the store names a generated catalog. */
    private static boolean findable(String catalog, boolean known) {
        return known || (catalog != null && !catalog.isEmpty());
    }

    /** The node types of the dispatch's graph, rebuilt from its stored inputs by the lattice's code. */
    private List<String> graphTypes(DispatchRecord dispatch, LatticeRef<?> lattice) {
        synchronized (nodeTypes) {
            List<String> known = nodeTypes.get(dispatch.id());
            if (known != null) {
                return known;
            }
        }
        List<NodeRecord> nodes = store.dispatchLog().nodes(dispatch.id());
        Graph graph =
                lattice.workflow(inputs(dispatch, lattice, nodes).toArray()).graph();
        List<String> types = new ArrayList<>();
        for (Node rebuilt : graph.nodes()) {
            types.add(rebuilt.type());
        }
        for (NodeRecord stored : nodes) {
            if (stored.index() < graph.nodes().size()
                    && !graph.node(stored.index()).name().equals(stored.name())) {
                throw codeChanged(
                        dispatch,
                        "its node " + stored.index() + " is now '"
                                + graph.node(stored.index()).name() + "', the store has '" + stored.name() + "'");
            }
        }
        synchronized (nodeTypes) {
            nodeTypes.put(dispatch.id(), List.copyOf(types));
        }
        return types;
    }

    private static String parameterType(DispatchRecord dispatch, LatticeRef<?> lattice, int ordinal, NodeRecord node) {
        List<Parameter> parameters = lattice.parameters();
        if (ordinal >= parameters.size()) {
            throw codeChanged(
                    dispatch, "the lattice " + lattice.id() + " has no parameter for the input '" + node.name() + "'");
        }
        return parameters.get(ordinal).type();
    }

    private static String requireRecorded(DispatchRecord dispatch, NodeRecord node, String declared) {
        if (!declared.equals(node.type())) {
            throw new ValenceException("the store records type " + node.type() + " for node " + node.name()
                    + " of dispatch " + dispatch.id() + " but the code declares " + declared
                    + "; the store was edited or the code changed: redispatch (with withInputs(...) if an input"
                    + " is affected); the value is not decoded");
        }
        return declared;
    }

    private static ValenceException codeChanged(DispatchRecord dispatch, String what) {
        return new ValenceException("the code of dispatch " + dispatch.id() + "'s lattice " + dispatch.latticeId()
                + " no longer matches the store (" + what + "); the store was edited or the code changed:"
                + " redispatch with withInputs(...)");
    }
}
