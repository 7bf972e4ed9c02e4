package dev.valence.runtime.internal.codec;

import dev.valence.runtime.spi.codec.ValueType;
import java.io.Externalizable;
import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Admits into a Java-serialization stream only the classes a value's declared type allows, so that
 * a tampered store cannot make Valence instantiate arbitrary classes (the "gadget" attacks on
 * {@code ObjectInputStream}). One filter reads one value.
 *
 * <p>Admitted: the classes named in the declared type; the types of their serializable fields and
 * record components, recursively; their superclasses; and subclasses of an admitted type, whose
 * fields are then admitted too. Subclasses are not admitted for types so broad that they admit
 * anything ({@code Object}, {@code Serializable}, {@code Comparable}, {@code Comparator}, function
 * interfaces), and a JDK type admits only JDK subclasses (a {@code List} field admits {@code
 * ArrayList}, not a user class that happens to implement {@code List}). Streams deeper than {@value
 * #MAX_DEPTH} levels are refused.
 *
 * <p>The stream's claims are bounded by its size, checked before anything is allocated: an array
 * cannot have more elements than the stream has bytes (each element takes at least one), nor can
 * the stream hold more objects, or be read further, than it has bytes. A few stored bytes claiming
 * a huge array therefore fail at once instead of exhausting the heap.
 */
final class DeclaredTypesFilter implements ObjectInputFilter {
    static final int MAX_DEPTH = 1_000;

    private static final Set<Class<?>> TOO_BROAD = Set.of(
            Object.class,
            Serializable.class,
            Externalizable.class,
            Cloneable.class,
            Comparable.class,
            java.util.Comparator.class,
            Runnable.class,
            java.util.concurrent.Callable.class,
            java.lang.reflect.InvocationHandler.class);

    private final Set<Class<?>> exact = new HashSet<>();
    private final Set<Class<?>> supertypes = new HashSet<>();
    private final long maxBytes;
    private String rejected;
    private String exceeded;

    /**
     * @param declared the type the code declares for the value
     * @param streamBytes the size of the stream to read, which bounds what it may claim
     */
    DeclaredTypesFilter(ValueType declared, long streamBytes) {
        this.maxBytes = streamBytes;
        Deque<ValueType> pending = new ArrayDeque<>();
        pending.add(declared);
        while (!pending.isEmpty()) {
            ValueType type = pending.poll();
            admit(type.rawClass());
            pending.addAll(type.typeArguments());
            type.componentType().ifPresent(pending::add);
        }
    }

    /** @return the first class this filter refused, for the error message; null when none */
    String rejected() {
        return rejected;
    }

    /** @return the first limit the stream went beyond, for the error message; null when none */
    String exceeded() {
        return exceeded;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        String beyond = beyondLimits(info);
        if (beyond != null) {
            if (exceeded == null) {
                exceeded = beyond;
            }
            return Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return Status.UNDECIDED;
        }
        if (isAdmitted(type)) {
            return Status.ALLOWED;
        }
        if (rejected == null) {
            rejected = type.getTypeName();
        }
        return Status.REJECTED;
    }

    /** Which of the size-derived limits the stream goes beyond, or null: checked before any allocation. */
    private String beyondLimits(FilterInfo info) {
        if (info.depth() > MAX_DEPTH) {
            return "a nesting deeper than " + MAX_DEPTH + " levels";
        }
        if (info.arrayLength() > maxBytes) {
            return "an array of " + info.arrayLength() + " elements in " + maxBytes + " bytes";
        }
        if (info.references() > maxBytes) {
            return info.references() + " objects in " + maxBytes + " bytes";
        }
        if (info.streamBytes() > maxBytes) {
            return "more than its " + maxBytes + " bytes";
        }
        return null;
    }

    private boolean isAdmitted(Class<?> type) {
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (element.isPrimitive() || exact.contains(element)) {
            return true;
        }
        if (isCollectionProxy(element) || isJdkStandIn(element)) {
            admit(element);
            return true;
        }
        for (Class<?> supertype : Set.copyOf(supertypes)) {
            if (supertype.isAssignableFrom(element) && (!isJdk(supertype) || isJdk(element))) {
                admit(element);
                return true;
            }
        }
        return false;
    }

    /**
     * {@code List.of} and {@code Map.of} values are written as {@code java.util.CollSer}, a
     * replacement object that is neither a List nor a Map: admit it where collections are.
     */
    private boolean isCollectionProxy(Class<?> type) {
        return type.getName().equals("java.util.CollSer") && (admitsAny(Collection.class) || admitsAny(Map.class));
    }

    /**
     * JDK classes that stand in for an admitted JDK type in the stream without being its subtype:
     * the entry arrays {@code HashMap} and {@code HashSet} size-check, {@code java.time}'s {@code
     * Ser}, {@code EnumSet}'s proxy, {@code ConcurrentHashMap}'s segments, a sorted collection's JDK
     * comparators, and a Throwable's stack trace.
     */
    private boolean isJdkStandIn(Class<?> type) {
        if (!isJdk(type)) {
            return false;
        }
        String name = type.getName();
        if (type == Map.Entry.class || name.equals("java.util.concurrent.ConcurrentHashMap$Segment")) {
            return admitsAny(Map.class) || admitsAny(Set.class);
        }
        if (name.equals("java.util.EnumSet$SerializationProxy")) {
            return admitsAny(Set.class);
        }
        if (name.equals("java.time.Ser") || name.equals("java.time.zone.Ser")) {
            return exact.stream().anyMatch(c -> c.getPackageName().startsWith("java.time"));
        }
        if (java.util.Comparator.class.isAssignableFrom(type)) {
            return admitsAny(java.util.SortedMap.class) || admitsAny(java.util.SortedSet.class);
        }
        if (type == StackTraceElement.class) {
            return admitsAny(Throwable.class);
        }
        return false;
    }

    /** Whether an admitted class is the given type or a subtype of it. */
    private boolean admitsAny(Class<?> type) {
        return exact.stream().anyMatch(type::isAssignableFrom);
    }

    private static boolean isJdk(Class<?> type) {
        return type.getName().startsWith("java.");
    }

    /** Admits a class with its superclasses and, transitively, the types of its fields. */
    private void admit(Class<?> start) {
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(start);
        while (!pending.isEmpty()) {
            Class<?> type = pending.poll();
            while (type.isArray()) {
                type = type.getComponentType();
            }
            if (type.isPrimitive() || !exact.add(type)) {
                continue;
            }
            if (!TOO_BROAD.contains(type) && !isFunctionInterface(type)) {
                supertypes.add(type);
            }
            if (type.getSuperclass() != null) {
                pending.add(type.getSuperclass());
            }
            for (Type fieldType : fieldTypes(type)) {
                collectClasses(fieldType, pending);
            }
        }
    }

    private static boolean isFunctionInterface(Class<?> type) {
        return type.getPackageName().equals("java.util.function");
    }

    /** The generic types of the fields Java serialization writes: record components, or instance fields not transient. */
    private static Set<Type> fieldTypes(Class<?> type) {
        Set<Type> types = new HashSet<>();
        if (!Serializable.class.isAssignableFrom(type) || type.getName().startsWith("java.lang.")) {
            return types;
        }
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                types.add(component.getGenericType());
            }
            return types;
        }
        Field[] fields;
        try {
            fields = type.getDeclaredFields();
        } catch (SecurityException | LinkageError e) {
            return types;
        }
        for (Field field : fields) {
            int modifiers = field.getModifiers();
            if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)) {
                types.add(field.getGenericType());
            }
        }
        return types;
    }

    private static void collectClasses(Type type, Deque<Class<?>> into) {
        if (type instanceof Class<?> c) {
            into.add(c);
        } else if (type instanceof ParameterizedType parameterized) {
            collectClasses(parameterized.getRawType(), into);
            for (Type argument : parameterized.getActualTypeArguments()) {
                collectClasses(argument, into);
            }
        } else if (type instanceof GenericArrayType array) {
            collectClasses(array.getGenericComponentType(), into);
        } else if (type instanceof WildcardType wildcard) {
            for (Type bound : wildcard.getUpperBounds()) {
                collectClasses(bound, into);
            }
        } else if (type instanceof TypeVariable<?> variable) {
            // Only the bounds' classes: a bound may mention the variable itself (E extends Enum<E>).
            for (Type bound : variable.getBounds()) {
                collectClasses(
                        bound instanceof ParameterizedType parameterized ? parameterized.getRawType() : bound, into);
            }
        }
    }
}
