package dev.valence.runtime.internal.store.sqlite;

import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.NodeRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The nodes of a new dispatch that have not started, kept as one value in the dispatch's row
 * ({@code dispatches.pending_nodes}, schema 8) instead of one node row each. A node gets its row
 * when it starts or ends, written once with what it did; until then its record is read from here.
 * So recording a 10,000-node dispatch writes one row instead of 10,000, and each node's row is
 * inserted once instead of inserted and then updated.
 *
 * <p>Only a record that holds nothing but the graph's structure goes here (status {@code PENDING},
 * never started, no key, value, error, reason or output); {@link #isStructureOnly} tells which. The
 * form: a format byte, a table of the distinct strings (names, electron ids, catalogs, types, code
 * fingerprints, versions, kinds and outcomes repeat across a fan-out), then per node its index,
 * its argument indexes and the table positions of its strings. Enums go by name, so that
 * reordering their constants never changes what a stored form means.
 */
final class PendingNodes {
    private static final int FORMAT = 1;
    private static final int NO_STRING = -1;
    /** Name, electron id, catalog, type, code fingerprint, version, kind, outcome. */
    private static final int TEXTS = 8;

    private PendingNodes() {}

    /** @return whether the record carries the graph's structure only, so that it may be kept here */
    static boolean isStructureOnly(NodeRecord node) {
        return node.status() == NodeStatus.PENDING
                && node.startedAt() == null
                && node.endedAt() == null
                && node.attempts() == 0
                && node.cacheKey() == null
                && node.valueFingerprint() == null
                && node.reusedFromDispatch() == null
                && node.reusedFromNode() == null
                && node.error() == null
                && node.reason() == null
                && node.output() == null;
    }

    /** @param nodes records that are {@linkplain #isStructureOnly structure only} */
    static byte[] encode(List<NodeRecord> nodes) {
        Map<String, Integer> positions = new HashMap<>();
        List<String> strings = new ArrayList<>();
        int[][] refs = new int[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            NodeRecord node = nodes.get(i);
            String[] texts = {
                node.name(),
                node.electronId(),
                node.electronCatalog(),
                node.type(),
                node.codeFingerprint(),
                node.version(),
                node.kind().name(),
                node.outcome().name()
            };
            int[] ref = new int[texts.length];
            for (int t = 0; t < texts.length; t++) {
                ref[t] = texts[t] == null
                        ? NO_STRING
                        : positions.computeIfAbsent(texts[t], text -> {
                            strings.add(text);
                            return strings.size() - 1;
                        });
            }
            refs[i] = ref;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + nodes.size() * 40);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(strings.size());
            for (String text : strings) {
                writeString(out, text);
            }
            out.writeInt(nodes.size());
            for (int i = 0; i < nodes.size(); i++) {
                NodeRecord node = nodes.get(i);
                out.writeInt(node.index());
                out.writeInt(node.arguments().size());
                for (int argument : node.arguments()) {
                    out.writeInt(argument);
                }
                for (int ref : refs[i]) {
                    out.writeInt(ref);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    /**
     * @param encoded what {@link #encode} wrote
     * @param wanted which nodes to return
     * @return the pending records, in index order
     * @throws IllegalStateException when the bytes are not a form this version wrote
     */
    static List<NodeRecord> decode(byte[] encoded, Predicate<NodeRecord> wanted) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalStateException("the pending nodes of a dispatch are in form " + format
                        + ", which this version of Valence does not read; upgrade Valence");
            }
            String[] strings = new String[in.readInt()];
            for (int i = 0; i < strings.length; i++) {
                strings[i] = readString(in);
            }
            int count = in.readInt();
            List<NodeRecord> nodes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = in.readInt();
                int argumentCount = in.readInt();
                List<Integer> arguments = new ArrayList<>(argumentCount);
                for (int a = 0; a < argumentCount; a++) {
                    arguments.add(in.readInt());
                }
                String[] texts = new String[TEXTS];
                for (int t = 0; t < texts.length; t++) {
                    int ref = in.readInt();
                    texts[t] = ref == NO_STRING ? null : strings[ref];
                }
                NodeRecord node = new NodeRecord(
                        index,
                        texts[0],
                        NodeKind.valueOf(texts[6]),
                        texts[1],
                        texts[2],
                        texts[3],
                        List.copyOf(arguments),
                        NodeStatus.PENDING,
                        NodeOutcome.valueOf(texts[7]),
                        null,
                        null,
                        0,
                        null,
                        null,
                        null,
                        null,
                        null,
                        texts[4],
                        texts[5],
                        null,
                        null);
                if (wanted.test(node)) {
                    nodes.add(node);
                }
            }
            return nodes;
        } catch (IOException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalStateException("the pending nodes of a dispatch are unreadable: " + e.getMessage(), e);
        }
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
