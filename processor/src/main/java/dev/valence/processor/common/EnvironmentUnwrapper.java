package dev.valence.processor.common;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.IdentityHashMap;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Finds javac's tree API behind a {@link ProcessingEnvironment} that a build tool wrapped:
 * Gradle's incremental processing wraps it in a class whose field {@code delegate} holds the real
 * one; IntelliJ passes a {@link Proxy} whose handler holds it in a field. {@link Trees#instance}
 * accepts only javac's own environment, so the wrappers are unwrapped first (as Lombok and Spring
 * Boot's configuration processor do). Only the trees come from the unwrapped environment; the
 * processor keeps using the wrapper's filer and messager, which the tool may be watching.
 */
public final class EnvironmentUnwrapper {
    private static final int MAX_DEPTH = 8;

    private EnvironmentUnwrapper() {}

    /**
     * @param environment the environment the processor was given
     * @return javac's trees for it, or null if no javac environment can be found inside it
     */
    public static Trees trees(ProcessingEnvironment environment) {
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        ProcessingEnvironment current = environment;
        for (int depth = 0; current != null && depth < MAX_DEPTH && seen.put(current, true) == null; depth++) {
            try {
                return Trees.instance(current);
            } catch (IllegalArgumentException notJavac) {
                current = unwrap(current);
            }
        }
        return null;
    }

    private static ProcessingEnvironment unwrap(ProcessingEnvironment wrapper) {
        if (Proxy.isProxyClass(wrapper.getClass())) {
            InvocationHandler handler = Proxy.getInvocationHandler(wrapper);
            return fieldOfType(handler);
        }
        Object delegate = field(wrapper, "delegate");
        return delegate instanceof ProcessingEnvironment environment ? environment : null;
    }

    /** The value of the first field named {@code name} in the object's class or its superclasses. */
    private static Object field(Object target, String name) {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getName().equals(name) && !Modifier.isStatic(field.getModifiers())) {
                    return read(field, target);
                }
            }
        }
        return null;
    }

    /** The first non-null {@link ProcessingEnvironment} held in a field of the object or its superclasses. */
    private static ProcessingEnvironment fieldOfType(Object target) {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (ProcessingEnvironment.class.isAssignableFrom(field.getType())
                        && !Modifier.isStatic(field.getModifiers())
                        && read(field, target) instanceof ProcessingEnvironment environment) {
                    return environment;
                }
            }
        }
        return null;
    }

    private static Object read(Field field, Object target) {
        try {
            field.setAccessible(true);
            return field.get(target);
        } catch (ReflectiveOperationException | RuntimeException inaccessible) {
            // A module that does not open the wrapper's package, or a security manager: not unwrappable.
            return null;
        }
    }
}
