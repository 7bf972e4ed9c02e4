package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value nested 3,000 levels deep is refused with a message naming the depth limit and the fix,
 * checked before the stack runs out: as an input, by the dispatch call (nothing recorded); as a
 * result, by its node.
 */
class DeepValueTest {
    private static final int DEPTH = 3_000;
    private static final String LINK = Link.class.getName();

    @TempDir
    Path folder;

    /** One level of a linked chain. */
    public record Link(Link next) {
        static Link chain(int depth) {
            Link link = null;
            for (int i = 0; i < depth; i++) {
                link = new Link(link);
            }
            return link;
        }
    }

    @Test
    void aDeepInputFailsTheDispatchCallAndRecordsNothing() {
        ElectronRef<Integer> length = Fixtures.<Integer>electron("length")
                .parameter("chain", LINK)
                .returns(INT)
                .build(args -> 0);
        LatticeRef<Integer> lattice =
                Fixtures.lattice("deepInput", INT, (graph, in) -> graph.call(length, in.get(0)), LINK);
        try (Valence valence = Valence.open(folder)) {
            ValenceException refused =
                    assertThrows(ValenceException.class, () -> valence.dispatch(lattice.workflow(Link.chain(DEPTH))));

            assertTooDeep(refused.getMessage());
            assertTrue(refused.getMessage().startsWith("cannot dispatch: input 'p0'"), refused.getMessage());
            assertEquals(List.of(), valence.dispatches());
        }
    }

    @Test
    void aDeepResultFailsItsNode() {
        ElectronRef<Object> nest = Fixtures.<Object>electron("nest")
                .parameter("depth", INT)
                .returns("java.util.List<java.lang.Object>")
                .build(args -> {
                    Object value = List.of();
                    for (int i = 0; i < (Integer) args[0]; i++) {
                        value = List.of(value);
                    }
                    return value;
                });
        LatticeRef<Object> lattice = Fixtures.lattice(
                "deepResult", "java.util.List<java.lang.Object>", (graph, in) -> graph.call(nest, in.get(0)), INT);
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Object> result = finish(valence.dispatch(lattice.workflow(DEPTH)));

            assertEquals(DispatchStatus.FAILED, result.status());
            NodeResult node = result.node("nest");
            assertEquals(NodeStatus.FAILED, node.status());
            assertTooDeep(node.error().orElseThrow());
        }
    }

    @Test
    void aValueJustUnderTheLimitIsStoredAndReused() {
        ElectronRef<Integer> length = Fixtures.<Integer>electron("depthOf")
                .parameter("chain", LINK)
                .returns(INT)
                .build(args -> {
                    int depth = 0;
                    for (Link link = (Link) args[0]; link != null; link = link.next()) {
                        depth++;
                    }
                    return depth;
                });
        LatticeRef<Integer> lattice =
                Fixtures.lattice("shallowEnough", INT, (graph, in) -> graph.call(length, in.get(0)), LINK);
        try (Valence valence = Valence.open(folder)) {
            // 500 links: deeper than most real values, within the limit (and JSON's own nesting limit).
            assertEquals(
                    500,
                    finish(valence.dispatch(lattice.workflow(Link.chain(500)))).value());
            DispatchResult<Integer> again = finish(valence.dispatch(lattice.workflow(Link.chain(500))));
            assertEquals(NodeStatus.REUSED, again.node("depthOf").status());
        }
    }

    private static void assertTooDeep(String message) {
        assertTrue(message.contains("nested more than 1,000 levels deep"), message);
        assertTrue(message.contains("store the parts side by side"), message);
        assertTrue(!message.contains("StackOverflowError"), message);
    }
}
