package dev.valence.runtime.internal.engine;

import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.graph.Node;
import dev.valence.runtime.graph.Workflow;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.Replacement;
import dev.valence.runtime.spi.store.ResultStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans the re-run of a stored dispatch: the workflow (stored inputs or new ones), and the
 * replacements, the stored ones updated by the new ones.
 */
final class RedispatchPlanner {
    private final ResultStore store;
    private final Catalogs catalogs;
    private final DeclaredTypes declared;

    RedispatchPlanner(ResultStore store, Catalogs catalogs, DeclaredTypes declared) {
        this.store = store;
        this.catalogs = catalogs;
        this.declared = declared;
    }

    /**
     * A planned re-run.
     *
     * @param workflow the workflow to run
     * @param graph its graph with the replacements applied
     * @param replacements what the new dispatch records as its replacements
     */
    record Plan(Workflow<?> workflow, Graph graph, List<Replacement> replacements) {}

    Plan plan(String originalId, Workflow<?> newInputs, Map<String, ElectronRef<?>> newReplacements) {
        DispatchRecord original = store.dispatchLog()
                .dispatch(originalId)
                .orElseThrow(() -> new ValenceException("no dispatch with id " + originalId
                        + " in this store; valence.dispatches() lists the stored ones"));
        Workflow<?> base = newInputs != null ? newInputs : storedWorkflow(original);
        if (!base.lattice().id().equals(original.latticeId())) {
            throw new ValenceException("dispatch " + originalId + " ran the lattice " + original.latticeId()
                    + ", but withInputs got a workflow of " + base.lattice().id()
                    + "; pass a workflow of the same lattice, or dispatch the other lattice directly");
        }
        Map<String, ElectronRef<?>> given = resolveTargets(original, base, newReplacements);
        // Stored replacements are looked up only when not given again, so that passing a hand-built
        // replacement again (as the lookup's error advises) works in a new process.
        Map<String, ElectronRef<?>> replacements = new LinkedHashMap<>();
        for (Replacement stored : original.replacements()) {
            if (!given.containsKey(stored.originalId())) {
                replacements.put(
                        stored.originalId(), catalogs.electron(stored.replacementId(), stored.replacementCatalog()));
            }
        }
        replacements.putAll(given);
        given.values().forEach(catalogs::remember);
        List<Replacement> recorded = new ArrayList<>();
        replacements.forEach((from, to) -> recorded.add(new Replacement(from, to.id(), to.catalog())));
        return new Plan(base, base.graph().withReplacements(replacements), recorded);
    }

    /** Maps each new replacement to the original electron it replaces, in the order given. */
    private static Map<String, ElectronRef<?>> resolveTargets(
            DispatchRecord original, Workflow<?> base, Map<String, ElectronRef<?>> newReplacements) {
        Set<String> called = new TreeSet<>();
        for (Node node : base.graph().nodes()) {
            if (node instanceof Node.Step step) {
                called.add(step.electron().id());
            }
        }
        Map<String, ElectronRef<?>> given = new LinkedHashMap<>();
        for (Map.Entry<String, ElectronRef<?>> replacement : newReplacements.entrySet()) {
            String target = replacement.getKey();
            // Replacing an earlier replacement (stored, or given just before) updates the original electron's entry.
            for (Replacement stored : original.replacements()) {
                if (stored.replacementId().equals(target)) {
                    target = stored.originalId();
                }
            }
            for (Map.Entry<String, ElectronRef<?>> earlier : given.entrySet()) {
                if (earlier.getValue().id().equals(target)) {
                    target = earlier.getKey();
                }
            }
            if (!called.contains(target)) {
                throw new ValenceException("cannot replace " + replacement.getKey() + ": the lattice "
                        + original.latticeName() + " does not call it; it calls " + called);
            }
            given.put(target, replacement.getValue());
        }
        return given;
    }

    /** The stored inputs, decoded as the lattice's parameter types (never as the types the store records). */
    private Workflow<?> storedWorkflow(DispatchRecord original) {
        LatticeRef<?> lattice = catalogs.lattice(original.latticeId(), original.latticeCatalog());
        List<NodeRecord> inputs = store.dispatchLog().inputs(original.id());
        return lattice.workflow(declared.inputs(original, lattice, inputs).toArray());
    }
}
