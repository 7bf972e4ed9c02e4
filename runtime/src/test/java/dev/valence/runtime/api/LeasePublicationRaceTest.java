package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.Coordination;
import dev.valence.runtime.spi.store.ForwardingResultStore;
import dev.valence.runtime.spi.store.ResultStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process alone on its store computes unleased and publishes the lease of work that lasts longer
 * than a beat; publishing moves the key's fencing token on. A node that ends exactly then must not
 * compare its old token with the new one and fence its own result out of the index: that left a
 * node recorded COMPLETED but never reused (seen in the cluster's coordinator-kill test under load).
 */
class LeasePublicationRaceTest {
    @TempDir
    Path folder;

    private final CountDownLatch published = new CountDownLatch(1);
    private final CountDownLatch fenceChecked = new CountDownLatch(1);
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicBoolean checkedDuringPublication = new AtomicBoolean();

    @Test
    void aNodeEndingWhileItsLeaseIsPublishedKeepsItsResultInTheIndex() {
        ElectronRef<Integer> slow = Fixtures.<Integer>electron("slowDouble")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    runs.incrementAndGet();
                    // Run until the beat publishes this key's lease, then end at once, inside the publication.
                    Fixtures.block(published);
                    return 2 * (Integer) args[0];
                });
        LatticeRef<Integer> lattice =
                Fixtures.lattice("publishedWhileEnding", INT, (graph, in) -> graph.call(slow, in.get(0)), INT);
        try (Valence valence = Valence.builder()
                .store(new Intercepting(SqliteStore.open(folder)))
                .open()) {
            DispatchResult<Integer> first = finish(valence.dispatch(lattice.workflow(21)));
            assertEquals(42, first.value());
            assertEquals(0, published.getCount(), "the beat published the running key's lease");

            DispatchResult<Integer> second = finish(valence.dispatch(lattice.workflow(21)));
            assertEquals(42, second.value());
            assertEquals(
                    NodeStatus.REUSED,
                    second.node("slowDouble").status(),
                    "the first result was indexed: "
                            + second.node("slowDouble").reason().orElse(""));
            assertEquals(1, runs.get(), "slowDouble ran once");
            assertFalse(checkedDuringPublication.get(), "the fencing check waits for the publication");
        }
    }

    /**
     * Holds the beat's lease publication open, after its commit, until the node's fencing check ran
     * (or a second passed: the check waits for the publication, as it must).
     */
    private final class Intercepting extends ForwardingResultStore {
        private final Coordination coordination;

        Intercepting(ResultStore delegate) {
            super(delegate);
            Coordination inner = delegate.coordination();
            this.coordination = new Coordination() {
                @Override
                public void announce(String owner, Instant expiresAt) {
                    inner.announce(owner, expiresAt);
                }

                @Override
                public boolean othersAlive(String owner, Instant now) {
                    return inner.othersAlive(owner, now);
                }

                @Override
                public boolean tryLease(String cacheKey, String owner, Instant now, Instant expiresAt) {
                    return inner.tryLease(cacheKey, owner, now, expiresAt);
                }

                @Override
                public long takeLease(String cacheKey, String owner, Instant now, Instant expiresAt) {
                    long token = inner.takeLease(cacheKey, owner, now, expiresAt);
                    if (token >= 0 && published.getCount() > 0) {
                        published.countDown();
                        try {
                            checkedDuringPublication.set(fenceChecked.await(1, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return token;
                }

                @Override
                public long tokenIfFree(String cacheKey, String owner) {
                    return inner.tokenIfFree(cacheKey, owner);
                }

                @Override
                public boolean tokenIs(String cacheKey, long token) {
                    boolean is = inner.tokenIs(cacheKey, token);
                    if (published.getCount() == 0) {
                        fenceChecked.countDown();
                    }
                    return is;
                }

                @Override
                public void renewLeases(String owner, Instant expiresAt) {
                    inner.renewLeases(owner, expiresAt);
                }

                @Override
                public void releaseLease(String cacheKey, String owner) {
                    inner.releaseLease(cacheKey, owner);
                }
            };
        }

        @Override
        public Coordination coordination() {
            return coordination;
        }
    }
}
