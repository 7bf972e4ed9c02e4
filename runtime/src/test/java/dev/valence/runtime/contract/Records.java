package dev.valence.runtime.contract;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.spi.store.CapturedOutput;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.Replacement;
import dev.valence.runtime.spi.store.StoredValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * Records for the store contract, made as the engine makes them. Times are whole microseconds:
 * the finest every store keeps, so a record reads back equal to the one written.
 */
public final class Records {
    static final String INT = "java.lang.Integer";

    private Records() {}

    /** Now, to the microsecond. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** A 64-hex-character fingerprint or hash made from a seed. */
    static String hash(String seed) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of bytes, in lowercase hex. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static StoredValue value(String seed) {
        return new StoredValue(
                hash("value " + seed), "json", INT, ("\"" + seed + "\"").getBytes(StandardCharsets.UTF_8));
    }

    static DispatchRecord dispatch(String id, Instant createdAt) {
        return child(id, createdAt, null, null);
    }

    static DispatchRecord child(String id, Instant createdAt, String parentId, Integer parentNode) {
        return new DispatchRecord(
                id,
                "dev.valence.contract.Hand#lattice",
                "lattice",
                "dev.valence.contract.Catalog",
                INT,
                2,
                DispatchStatus.RUNNING,
                createdAt,
                null,
                "ALL",
                null,
                List.of(new Replacement("dev.valence.contract.Hand#a", "dev.valence.contract.Hand#b", "Catalog2")),
                null,
                parentId,
                parentNode);
    }

    /** An input node with its value given. */
    static NodeRecord input(int index, StoredValue value) {
        return new NodeRecord(
                index,
                "p" + index,
                NodeKind.INPUT,
                null,
                null,
                INT,
                List.of(),
                NodeStatus.COMPLETED,
                NodeOutcome.GIVEN,
                null,
                null,
                0,
                null,
                value.fingerprint(),
                null,
                null,
                null,
                null,
                null,
                "given",
                null);
    }

    /** An electron call not started yet. */
    static NodeRecord pending(int index, String cacheKey, List<Integer> arguments) {
        return call(index, cacheKey, arguments, NodeStatus.PENDING, NodeOutcome.PENDING, null, null, null, null, null);
    }

    /** A node as a new dispatch records it before anything ran: its place in the graph alone, no key yet. */
    static NodeRecord notStarted(int index, String name, List<Integer> arguments) {
        return new NodeRecord(
                index,
                name,
                NodeKind.ELECTRON,
                "dev.valence.contract.Hand#f",
                "Catalog",
                INT,
                arguments,
                NodeStatus.PENDING,
                NodeOutcome.PENDING,
                null,
                null,
                0,
                null,
                null,
                null,
                null,
                null,
                "code",
                index % 2 == 0 ? "1" : null,
                null,
                null);
    }

    static NodeRecord running(int index, String cacheKey, Instant startedAt) {
        return call(
                index,
                cacheKey,
                List.of(0),
                NodeStatus.RUNNING,
                NodeOutcome.PENDING,
                startedAt,
                null,
                null,
                null,
                null);
    }

    static NodeRecord completed(int index, String cacheKey, StoredValue value, Instant endedAt) {
        return call(
                index,
                cacheKey,
                List.of(0),
                NodeStatus.COMPLETED,
                NodeOutcome.COMPUTED,
                endedAt.minusMillis(5),
                endedAt,
                value.fingerprint(),
                null,
                null);
    }

    static NodeRecord failed(int index, String cacheKey, NodeOutcome outcome, String error, Instant endedAt) {
        return call(
                index,
                cacheKey,
                List.of(0),
                NodeStatus.FAILED,
                outcome,
                endedAt.minusMillis(5),
                endedAt,
                null,
                error,
                null);
    }

    static NodeRecord reused(
            int index, String cacheKey, StoredValue value, String fromDispatch, int fromNode, Instant endedAt) {
        return new NodeRecord(
                index,
                "call" + index,
                NodeKind.ELECTRON,
                "dev.valence.contract.Hand#f",
                "Catalog",
                INT,
                List.of(0),
                NodeStatus.REUSED,
                NodeOutcome.REUSED,
                null,
                endedAt,
                0,
                cacheKey,
                value.fingerprint(),
                fromDispatch,
                fromNode,
                null,
                "code",
                "1",
                "reused",
                null);
    }

    static NodeRecord withOutput(NodeRecord node, CapturedOutput output) {
        return new NodeRecord(
                node.index(),
                node.name(),
                node.kind(),
                node.electronId(),
                node.electronCatalog(),
                node.type(),
                node.arguments(),
                node.status(),
                node.outcome(),
                node.startedAt(),
                node.endedAt(),
                node.attempts(),
                node.cacheKey(),
                node.valueFingerprint(),
                node.reusedFromDispatch(),
                node.reusedFromNode(),
                node.error(),
                node.codeFingerprint(),
                node.version(),
                node.reason(),
                output);
    }

    private static NodeRecord call(
            int index,
            String cacheKey,
            List<Integer> arguments,
            NodeStatus status,
            NodeOutcome outcome,
            Instant startedAt,
            Instant endedAt,
            String valueFingerprint,
            String error,
            CapturedOutput output) {
        return new NodeRecord(
                index,
                "call" + index,
                NodeKind.ELECTRON,
                "dev.valence.contract.Hand#f",
                "Catalog",
                INT,
                arguments,
                status,
                outcome,
                startedAt,
                endedAt,
                startedAt == null ? 0 : 1,
                cacheKey,
                valueFingerprint,
                null,
                null,
                error,
                "code",
                "1",
                status == NodeStatus.PENDING ? null : "computed",
                output);
    }
}
