package dev.valence.runtime.internal.codec;

import dev.valence.runtime.spi.codec.CodecException;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.codec.ValueType;
import dev.valence.runtime.spi.store.Scratch;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Stores numeric arrays and maps of them as HDF5 files, ewoks' "nexus" layout: an array is the
 * dataset {@code /value}; a {@code Map<String, double[][]>} is one dataset per key under the root
 * group, and a nested map a nested group. The declared type is the root attribute {@code
 * valence_type}. {@code h5dump}, h5py and HDFView read these values as they are.
 *
 * <p>Accepted: rectangular arrays of {@code byte}, {@code short}, {@code int}, {@code long}, {@code
 * float} or {@code double} of any rank, with no empty dimension, declared as exactly that array type;
 * and non-empty {@code Map<String, …>} (also {@code SortedMap}, {@code NavigableMap}, {@code
 * TreeMap}, {@code HashMap}, {@code LinkedHashMap}) of such arrays or of such maps, whose keys are
 * valid HDF5 names (not empty, no {@code /}, not {@code .}). Anything else goes on to the next
 * codec (one-dimensional arrays reach the {@link RawArrayCodec raw codec} first; jagged or empty
 * arrays go to JSON). Maps come back as {@link TreeMap} when declared sorted, otherwise as the
 * kind they were: a {@link LinkedHashMap} in its order, any other map as a {@link
 * java.util.HashMap}.
 */
public final class Hdf5Codec implements ValueCodec {

    /** The name stored beside HDF5 values. */
    public static final String NAME = "hdf5";

    /** The dataset that holds a value which is an array rather than a map. */
    public static final String ARRAY_DATASET = "value";

    /** The root attribute that names the value's declared type. */
    public static final String TYPE_ATTRIBUTE = "valence_type";

    /** The attribute of each group that lists its map's keys in the map's order. */
    public static final String KEYS_ATTRIBUTE = "valence_keys";

    /**
     * The attribute of each group that says whether its map had an encounter order: {@value
     * #ORDERED} for a {@code LinkedHashMap}, {@value #UNORDERED} for any other map (sorted maps
     * come back sorted by their declared type).
     */
    public static final String ORDER_ATTRIBUTE = "valence_order";

    private static final String ORDERED = "insertion";
    private static final String UNORDERED = "none";

    private static final Set<Class<?>> NUMBERS =
            Set.of(byte.class, short.class, int.class, long.class, float.class, double.class);
    private static final Set<Class<?>> MAPS = Set.of(
            Map.class,
            SortedMap.class,
            NavigableMap.class,
            TreeMap.class,
            java.util.HashMap.class,
            LinkedHashMap.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(ValueType type, Object value) {
        return value != null && (isNumericArray(type, value) || isMapOfArrays(type, value));
    }

    private static boolean isNumericArray(ValueType type, Object value) {
        Class<?> declared = type.rawClass();
        if (value.getClass() != declared || !declared.isArray()) {
            return false;
        }
        Class<?> element = declared;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        return NUMBERS.contains(element) && isRectangular(value);
    }

    /** Every level non-empty, and every row of a level as long as the first. */
    private static boolean isRectangular(Object array) {
        int length = Array.getLength(array);
        if (length == 0) {
            return false;
        }
        if (!array.getClass().getComponentType().isArray()) {
            return true;
        }
        Object first = Array.get(array, 0);
        if (first == null) {
            return false;
        }
        int rowLength = Array.getLength(first);
        for (int i = 0; i < length; i++) {
            Object row = Array.get(array, i);
            if (row == null || Array.getLength(row) != rowLength || !isRectangular(row)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMapOfArrays(ValueType type, Object value) {
        if (!MAPS.contains(type.rawClass()) || !(value instanceof Map<?, ?> map) || map.isEmpty()) {
            return false;
        }
        List<ValueType> arguments = type.typeArguments();
        if (arguments.size() != 2 || arguments.get(0).rawClass() != String.class) {
            return false;
        }
        ValueType valueType = arguments.get(1);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key) || !isValidName(key)) {
                return false;
            }
            Object element = entry.getValue();
            if (element == null || !(isNumericArray(valueType, element) || isMapOfArrays(valueType, element))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isValidName(String key) {
        return !key.isEmpty() && !key.equals(".") && key.indexOf('/') < 0 && key.indexOf('\0') < 0;
    }

    @Override
    public byte[] encode(Object value, ValueType type) {
        if (!accepts(type, value)) {
            throw new CodecException(
                    "HDF5 stores non-empty rectangular numeric arrays and maps of them with valid names, not "
                            + (value == null ? "null" : value.getClass().getTypeName()) + " declared as " + type,
                    null);
        }
        Path file = null;
        try {
            // jHDF writes to a file only: write one in the store's scratch folder (the system's temp
            // folder outside electrons), keep its bytes, delete it.
            Optional<Path> scratch = Scratch.folder();
            file = scratch.isPresent()
                    ? Files.createTempFile(scratch.get(), "valence-", ".h5")
                    : Files.createTempFile("valence-", ".h5");
            try (WritableHdfFile hdf = HdfFile.write(file)) {
                hdf.putAttribute(TYPE_ATTRIBUTE, type.canonical());
                if (value instanceof Map<?, ?> map) {
                    putEntries(hdf, map);
                } else {
                    hdf.putDataset(ARRAY_DATASET, value);
                }
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CodecException("an HDF5 value of type " + type + " could not be written: " + e, e);
        } catch (RuntimeException e) {
            // jHDF signals what it cannot write with unchecked exceptions: let the next codec try.
            throw new CodecException("jHDF could not write a value of type " + type + ": " + e, e);
        } finally {
            deleteTemporary(file);
        }
    }

    private static void putEntries(WritableGroup group, Map<?, ?> map) {
        // HDF5 lists a group's children in its own order: keep the map's order beside them.
        group.putAttribute(KEYS_ATTRIBUTE, map.keySet().toArray(String[]::new));
        group.putAttribute(ORDER_ATTRIBUTE, map instanceof LinkedHashMap<?, ?> ? ORDERED : UNORDERED);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = (String) entry.getKey();
            if (entry.getValue() instanceof Map<?, ?> nested) {
                putEntries(group.putGroup(key), nested);
            } else {
                group.putDataset(key, entry.getValue());
            }
        }
    }

    private static void deleteTemporary(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the temporary HDF5 file " + file, e);
        }
    }

    @Override
    public Object decode(byte[] bytes, ValueType type) {
        try (HdfFile hdf = HdfFile.fromBytes(bytes)) {
            if (type.rawClass().isArray()) {
                return arrayOf(hdf.getDatasetByPath(ARRAY_DATASET), type, bytes.length);
            }
            return mapOf(hdf, type, bytes.length);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException(
                    "a stored HDF5 value cannot be read as " + type + " (" + e
                            + "); was the electron's type changed since? Bump its version to recompute it",
                    e);
        }
    }

    private static Object arrayOf(Dataset dataset, ValueType type, long fileBytes) {
        requireWithinFile(dataset, fileBytes);
        Object data = dataset.getData();
        if (data.getClass() != type.rawClass()) {
            throw new CodecException(
                    "the HDF5 dataset " + dataset.getPath() + " holds "
                            + data.getClass().getTypeName() + ", not " + type
                            + "; was the electron's type changed since? Bump its version to recompute it",
                    null);
        }
        return data;
    }

    /**
     * Refuses a dataset whose header claims more bytes than the whole stored file holds, before
     * anything is allocated: Valence writes uncompressed, contiguous datasets, so a real one always
     * fits, and an edited header (a 100-byte file claiming a 2^31-element array) must not make the
     * reader allocate what it claims.
     */
    private static void requireWithinFile(Dataset dataset, long fileBytes) {
        int[] dimensions = dataset.getDimensions();
        long elements = 1;
        for (int dimension : dimensions) {
            if (dimension < 1) {
                throw new CodecException(
                        "the HDF5 dataset " + dataset.getPath() + " claims a dimension of " + dimension
                                + "; Valence never writes empty datasets: the store was edited or damaged, redispatch"
                                + " to compute the value again",
                        null);
            }
            elements = Math.multiplyHigh(elements, dimension) != 0 ? Long.MAX_VALUE : elements * dimension;
        }
        long elementBytes = Math.max(1, dataset.getDataType().getSize());
        long claimed = elements > Long.MAX_VALUE / elementBytes ? Long.MAX_VALUE : elements * elementBytes;
        if (claimed > fileBytes) {
            throw new CodecException(
                    "the HDF5 dataset " + dataset.getPath() + " claims " + claimed + " bytes of data, but the stored"
                            + " value holds only " + fileBytes + " bytes: the store was edited or damaged, redispatch"
                            + " to compute the value again",
                    null);
        }
    }

    /**
     * Whether the map was a {@code LinkedHashMap}: an ordered map must come back ordered and a
     * {@code HashMap} unordered, since their fingerprints differ. Files written before the
     * attribute come back ordered, as they always did.
     */
    private static boolean isOrdered(Group group, ValueType type) {
        if (type.rawClass() == LinkedHashMap.class) {
            return true;
        }
        if (type.rawClass() == java.util.HashMap.class) {
            return false;
        }
        Attribute order = group.getAttribute(ORDER_ATTRIBUTE);
        return order == null || !(order.getData() instanceof String written) || !written.equals(UNORDERED);
    }

    /** The keys in the order the map had, or in HDF5's order for files written without the list. */
    private static Iterable<String> keysOf(Group group, Map<String, Node> children) {
        Attribute keys = group.getAttribute(KEYS_ATTRIBUTE);
        if (keys != null && keys.getData() instanceof String[] ordered) {
            return List.of(ordered);
        }
        return children.keySet();
    }

    private static Map<String, Object> mapOf(Group group, ValueType type, long fileBytes) {
        if (!MAPS.contains(type.rawClass()) || type.typeArguments().size() != 2) {
            throw new CodecException(
                    "a stored HDF5 value cannot be read as " + type
                            + ": it holds a numeric array or a map of them; was the electron's type changed since? Bump its"
                            + " version to recompute it",
                    null);
        }
        ValueType valueType = type.typeArguments().get(1);
        Map<String, Object> map = SortedMap.class.isAssignableFrom(type.rawClass())
                ? new TreeMap<>()
                : isOrdered(group, type) ? new LinkedHashMap<>() : new java.util.HashMap<>();
        Map<String, Node> children = group.getChildren();
        for (String key : keysOf(group, children)) {
            Node node = children.get(key);
            if (node == null) {
                throw new CodecException(
                        "the HDF5 group " + group.getPath() + " lists the key '" + key + "' but has no such member",
                        null);
            }
            map.put(
                    key,
                    node instanceof Group nested
                            ? mapOf(nested, valueType, fileBytes)
                            : arrayOf((Dataset) node, valueType, fileBytes));
        }
        return map;
    }
}
