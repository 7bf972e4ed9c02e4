package dev.valence.runtime.internal.fingerprint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.valence.runtime.spi.fingerprint.FingerprintAdapter;
import dev.valence.runtime.spi.fingerprint.UnsupportedValueException;
import java.io.File;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Writes the canonical encoding of one value into a digest. One instance per {@code fingerprint}
 * call: it holds the objects on the current encoding path (to turn a value that contains itself
 * into an error instead of a {@link StackOverflowError}) and the reused bulk buffers.
 *
 * <p>Order of the rules, and why: JDK value types first (no adapter may change how a String is
 * hashed), then adapters (a user's adapter beats Valence's structural reading of the user's own
 * type), then arrays, collections, maps, records, JSON trees, and finally beans.
 */
final class CanonicalEncoder {
    /**
     * How deep values may nest: the serialization filter's limit. The encoder recurses once per
     * level, so a deeper value would end in a {@link StackOverflowError} on a small thread stack;
     * 1,000 levels take well under the smallest default stack.
     */
    static final int MAX_DEPTH = 1_000;

    private final AdapterLookup adapters;
    private final BeanProperties beans;
    /** Made on the first structured value: most values fingerprinted are scalars. */
    private Set<Object> path;

    private final PrimitiveArrays arrays = new PrimitiveArrays();
    private FileContent files;

    CanonicalEncoder(AdapterLookup adapters, BeanProperties beans) {
        this.adapters = adapters;
        this.beans = beans;
    }

    byte[] digest(Object value) {
        DigestOut digest = Encoding.sha256();
        try {
            encode(digest, value);
            return digest.digest();
        } finally {
            digest.close();
        }
    }

    void encode(DigestOut out, Object value) {
        if (value == null) {
            out.update(Encoding.NULL);
        } else if (value instanceof String s) {
            out.update(Encoding.STRING);
            Encoding.writeString(out, s);
        } else if (value instanceof Integer i) {
            out.update(Encoding.INT);
            Encoding.writeLong(out, i);
        } else if (value instanceof Long l) {
            out.update(Encoding.LONG);
            Encoding.writeLong(out, l);
        } else if (value instanceof Double d) {
            out.update(Encoding.DOUBLE);
            Encoding.writeLong(out, Double.doubleToLongBits(d));
        } else if (value instanceof Boolean b) {
            out.update(Encoding.BOOLEAN);
            out.update((byte) (b ? 1 : 0));
        } else if (value instanceof Float f) {
            out.update(Encoding.FLOAT);
            Encoding.writeLong(out, Float.floatToIntBits(f));
        } else if (value instanceof Short s) {
            out.update(Encoding.SHORT);
            Encoding.writeLong(out, s);
        } else if (value instanceof Byte b) {
            out.update(Encoding.BYTE);
            Encoding.writeLong(out, b);
        } else if (value instanceof Character c) {
            out.update(Encoding.CHAR);
            Encoding.writeLong(out, c);
        } else if (value instanceof Enum<?> e) {
            // getDeclaringClass: a constant with a body is an anonymous subclass, yet the same enum.
            out.update(Encoding.ENUM);
            Encoding.writeString(out, e.getDeclaringClass().getName());
            Encoding.writeString(out, e.name());
        } else if (value instanceof BigInteger bi) {
            out.update(Encoding.BIG_INTEGER);
            Encoding.writeString(out, bi.toString());
        } else if (value instanceof BigDecimal bd) {
            // Scale counts: 1.0 and 1.00 are different values to BigDecimal.equals, and so here.
            out.update(Encoding.BIG_DECIMAL);
            Encoding.writeString(out, bd.toString());
        } else if (!encodeJdkValue(out, value)) {
            encodeStructured(out, value);
        }
    }

    /** The JDK value types added after the first format; false when the value is none of them. */
    private boolean encodeJdkValue(DigestOut out, Object value) {
        if (value instanceof Optional<?> optional) {
            out.update(Encoding.OPTIONAL);
            out.update((byte) (optional.isPresent() ? 1 : 0));
            if (optional.isPresent()) {
                encode(out, optional.get());
            }
        } else if (value instanceof OptionalInt o) {
            optionalPrimitive(out, OptionalInt.class, o.isPresent() ? o.getAsInt() : null);
        } else if (value instanceof OptionalLong o) {
            optionalPrimitive(out, OptionalLong.class, o.isPresent() ? o.getAsLong() : null);
        } else if (value instanceof OptionalDouble o) {
            optionalPrimitive(out, OptionalDouble.class, o.isPresent() ? o.getAsDouble() : null);
        } else if (BuiltinTypes.TIME.contains(value.getClass()) || value instanceof ZoneId) {
            // ZoneId's subclass for regions is JDK-internal; name the public type instead.
            String type = value instanceof ZoneId && !(value instanceof ZoneOffset)
                    ? ZoneId.class.getName()
                    : value.getClass().getName();
            out.update(Encoding.TIME);
            Encoding.writeString(out, type);
            Encoding.writeString(out, value.toString());
        } else if (value instanceof UUID uuid) {
            out.update(Encoding.UUID);
            Encoding.writeLong(out, uuid.getMostSignificantBits());
            Encoding.writeLong(out, uuid.getLeastSignificantBits());
        } else if (value instanceof URI uri) {
            // The exact string: URI.equals ignores the case of scheme and host, this does not, so
            // two spellings of one URI are two keys (a miss, never a wrong hit).
            out.update(Encoding.URI);
            Encoding.writeString(out, uri.toString());
        } else if (value instanceof Pattern pattern) {
            // Pattern has identity equality; its behaviour is fixed by the expression and flags.
            out.update(Encoding.PATTERN);
            Encoding.writeString(out, pattern.pattern());
            Encoding.writeLong(out, pattern.flags());
        } else if (value instanceof Path p) {
            files().write(out, p, Path.class);
        } else if (value instanceof File f) {
            files().write(out, f.toPath(), File.class);
        } else {
            return false;
        }
        return true;
    }

    private void optionalPrimitive(DigestOut out, Class<?> type, Object boxedOrNull) {
        out.update(Encoding.OPTIONAL_PRIMITIVE);
        Encoding.writeString(out, type.getName());
        out.update((byte) (boxedOrNull != null ? 1 : 0));
        if (boxedOrNull != null) {
            encode(out, boxedOrNull);
        }
    }

    private FileContent files() {
        if (files == null) {
            files = new FileContent();
        }
        return files;
    }

    /** Values with inner values: each is on the path while its inside is encoded. */
    private void encodeStructured(DigestOut out, Object value) {
        Class<?> type = value.getClass();
        FingerprintAdapter<?> adapter = adapters.forClass(type);
        if (adapter == null && type.isArray() && type.getComponentType().isPrimitive()) {
            // Holds no references, so it cannot contain itself: no need to track it.
            out.update(Encoding.ARRAY);
            Encoding.writeString(out, type.getComponentType().getName());
            arrays.write(out, value);
            return;
        }
        if (path == null) {
            path = Collections.newSetFromMap(new IdentityHashMap<>());
        }
        if (path.size() >= MAX_DEPTH) {
            throw UnsupportedValueException.because(type, tooDeep(), null);
        }
        if (!path.add(value)) {
            throw new UnsupportedValueException(
                    type, "it contains itself (a cycle of references), and a fingerprint needs a finite value", null);
        }
        try {
            if (adapter != null) {
                encodeAdapted(out, adapter, value);
            } else if (type.isArray()) {
                Object[] objects = (Object[]) value;
                out.update(Encoding.ARRAY);
                Encoding.writeString(out, type.getComponentType().getName());
                Encoding.writeLong(out, objects.length);
                for (Object element : objects) {
                    encode(out, element);
                }
            } else if (value instanceof List<?> list) {
                out.update(Encoding.LIST);
                Encoding.writeLong(out, list.size());
                for (Object element : list) {
                    encode(out, element);
                }
            } else if (value instanceof SortedSet<?> sorted) {
                out.update(Encoding.SORTED_SET);
                encodeComparator(out, sorted.comparator());
                encodeInOrder(out, sorted);
            } else if (value instanceof Set<?> set && Containers.isUnordered(set)) {
                out.update(Encoding.SET);
                encodeUnordered(out, set);
            } else if (value instanceof Set<?> set) {
                out.update(Encoding.ORDERED_SET);
                encodeInOrder(out, set);
            } else if (value instanceof Collection<?> collection) {
                out.update(Encoding.COLLECTION);
                encodeInOrder(out, collection);
            } else if (value instanceof SortedMap<?, ?> sorted) {
                out.update(Encoding.SORTED_MAP);
                encodeComparator(out, sorted.comparator());
                encodeEntriesInOrder(out, sorted);
            } else if (value instanceof Map<?, ?> map && Containers.isUnordered(map)) {
                encodeMap(out, map);
            } else if (value instanceof Map<?, ?> map) {
                out.update(Encoding.ORDERED_MAP);
                encodeEntriesInOrder(out, map);
            } else if (value instanceof Record record) {
                encodeRecord(out, record);
            } else if (value instanceof JsonNode node) {
                encodeJsonTree(out, node);
            } else {
                encodeBean(out, value);
            }
        } finally {
            path.remove(value);
        }
    }

    /** Why a value nested too deep is refused, and the fixes. */
    static String tooDeep() {
        return "it is nested more than " + String.format("%,d", MAX_DEPTH)
                + " levels deep (lists, maps, records or objects each inside the next), deeper than Valence"
                + " fingerprints; store the parts side by side (a list, or a map by id, instead of each part"
                + " inside the next) or register a FingerprintAdapter for the type"
                + " (Valence.builder().fingerprint(type, form)) that returns a flat form";
    }

    private void encodeInOrder(DigestOut out, Collection<?> elements) {
        // Counted as iterated, not by size(): a concurrent collection may change size meanwhile.
        List<Object> snapshot = new ArrayList<>(elements);
        Encoding.writeLong(out, snapshot.size());
        for (Object element : snapshot) {
            encode(out, element);
        }
    }

    private void encodeEntriesInOrder(DigestOut out, Map<?, ?> map) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        Encoding.writeLong(out, entries.size());
        for (Map.Entry<?, ?> entry : entries) {
            encode(out, entry.getKey());
            encode(out, entry.getValue());
        }
    }

    /**
     * A sorted collection's comparator decides where later elements go and what {@code headSet}
     * returns, so it is content: {@code null} for natural order, a record or enum by its value,
     * anything else by its class (a lambda by the class that defines it, since the rest of a
     * lambda's class name changes from one run to the next).
     */
    private void encodeComparator(DigestOut out, java.util.Comparator<?> comparator) {
        if (comparator == null || comparator instanceof Record || comparator instanceof Enum<?>) {
            encode(out, comparator);
            return;
        }
        String name = comparator.getClass().getName();
        int lambda = name.indexOf("$$Lambda");
        encode(out, lambda < 0 ? name : name.substring(0, lambda + "$$Lambda".length()));
    }

    private void encodeUnordered(DigestOut out, Collection<?> elements) {
        List<byte[]> digests = new ArrayList<>(elements.size());
        for (Object element : elements) {
            digests.add(digest(element));
        }
        digests.sort(Arrays::compareUnsigned);
        Encoding.writeLong(out, digests.size());
        digests.forEach(out::update);
    }

    private void encodeMap(DigestOut out, Map<?, ?> map) {
        List<byte[][]> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            entries.add(new byte[][] {digest(entry.getKey()), digest(entry.getValue())});
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        out.update(Encoding.MAP);
        Encoding.writeLong(out, entries.size());
        for (byte[][] entry : entries) {
            out.update(entry[0]);
            out.update(entry[1]);
        }
    }

    private void encodeRecord(DigestOut out, Record record) {
        out.update(Encoding.RECORD);
        Encoding.writeString(out, record.getClass().getName());
        RecordComponent[] components = record.getClass().getRecordComponents();
        Encoding.writeLong(out, components.length);
        for (RecordComponent component : components) {
            Encoding.writeString(out, component.getName());
            encode(out, readComponent(record, component));
        }
    }

    private static Object readComponent(Record record, RecordComponent component) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedValueException(
                    record.getClass(),
                    "its component '" + component.getName() + "' could not be read (" + e + "); make the record public",
                    e);
        }
    }

    private void encodeAdapted(DigestOut out, FingerprintAdapter<?> adapter, Object value) {
        Object form = adapter.canonicalFormOf(value);
        String adapted = adapter.type().getName();
        if (form != null && adapters.forClass(form.getClass()) == adapter) {
            // It would be adapted again, and again: a loop that only a stack overflow would end.
            throw UnsupportedValueException.because(
                    adapter.type(),
                    "its FingerprintAdapter returned a value of type "
                            + form.getClass().getName()
                            + " that the same adapter would read again; return a value made of supported"
                            + " types (" + UnsupportedValueException.SUPPORTED + ")",
                    null);
        }
        out.update(Encoding.ADAPTED);
        Encoding.writeString(out, adapted);
        try {
            encode(out, form);
        } catch (UnsupportedValueException e) {
            throw UnsupportedValueException.because(
                    adapter.type(),
                    "its FingerprintAdapter returned a value of type "
                            + form.getClass().getName()
                            + " that Valence cannot fingerprint; return a value made of supported types ("
                            + e.getMessage() + ")",
                    e);
        }
    }

    private void encodeJsonTree(DigestOut out, JsonNode node) {
        out.update(Encoding.JSON_TREE);
        if (node.isObject()) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                fields.put(field.getKey(), field.getValue());
            }
            encodeMap(out, fields);
        } else if (node.isArray()) {
            List<JsonNode> elements = new ArrayList<>(node.size());
            node.forEach(elements::add);
            out.update(Encoding.LIST);
            Encoding.writeLong(out, elements.size());
            for (JsonNode element : elements) {
                encode(out, element);
            }
        } else if (node.isNull() || node.isMissingNode()) {
            encode(out, null);
        } else if (node.isNumber()) {
            encode(out, node.numberValue());
        } else if (node.isBoolean()) {
            encode(out, node.booleanValue());
        } else if (node instanceof POJONode pojo) {
            encode(out, pojo.getPojo());
        } else if (node.isBinary()) {
            try {
                encode(out, node.binaryValue());
            } catch (IOException e) {
                throw new IllegalStateException("a binary JSON node always has its bytes", e);
            }
        } else {
            encode(out, node.asText());
        }
    }

    private void encodeBean(DigestOut out, Object value) {
        Class<?> type = value.getClass();
        BeanProperties.Bean bean = beans.of(type);
        if (!bean.isBean() && value instanceof Serializable && !BuiltinTypes.isPlatform(type)) {
            encodeSerialized(out, value);
            return;
        }
        if (!bean.isBean()) {
            throw new UnsupportedValueException(
                    type,
                    "it is none of " + UnsupportedValueException.SUPPORTED + ", and " + bean.notABean(),
                    bean.cause());
        }
        out.update(Encoding.BEAN);
        Encoding.writeString(out, type.getName());
        Encoding.writeLong(out, bean.properties().size());
        for (BeanProperties.Property property : bean.properties()) {
            Object propertyValue;
            try {
                propertyValue = property.writer().get(value);
            } catch (Exception e) {
                throw new UnsupportedValueException(
                        type, "its property '" + property.name() + "' could not be read (" + e + ")", e);
            }
            Encoding.writeString(out, property.name());
            encode(out, propertyValue);
        }
    }

    /**
     * A Serializable value whose state Jackson cannot see (private fields only): its serialized
     * form is its content. Files and values an adapter covers are written as their canonical
     * digest instead, so a file inside counts by content, as everywhere else. Not canonical for
     * hash-ordered fields (two equal HashSets built in different orders may serialize differently):
     * that costs a rerun, never a wrong reuse.
     */
    private void encodeSerialized(DigestOut out, Object value) {
        MessageDigest serialized = DigestOut.newSha256();
        try (ObjectOutputStream stream = new CanonicalParts(serialized, value)) {
            stream.writeObject(value);
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
            if (cause.getCause() instanceof UnsupportedValueException unsupported) {
                throw unsupported;
            }
            throw new UnsupportedValueException(
                    value.getClass(),
                    "it has no Jackson-readable properties and Java serialization failed (" + cause + ")",
                    cause);
        }
        out.update(Encoding.SERIALIZED);
        Encoding.writeString(out, value.getClass().getName());
        out.update(serialized.digest());
    }

    /** Hashes a serialized form, writing files and adapted values as their canonical digests. */
    private final class CanonicalParts extends ObjectOutputStream {
        private final Object root;

        CanonicalParts(MessageDigest digest, Object root) throws IOException {
            super(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
            this.root = root;
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object part) throws IOException {
            if (part == root || part == null) {
                return part;
            }
            if (part instanceof File || part instanceof Path || adapters.forClass(part.getClass()) != null) {
                try {
                    return "valence-digest:" + java.util.HexFormat.of().formatHex(digest(part));
                } catch (UnsupportedValueException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            return part;
        }
    }
}
