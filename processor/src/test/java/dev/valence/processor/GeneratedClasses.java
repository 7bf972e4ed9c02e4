package dev.valence.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Loads the classes a compilation produced (the test sources and the generated code) so that tests
 * can run them. The parent is the test's own loader, so the runtime's classes are shared with the
 * test and its objects can be inspected directly.
 */
final class GeneratedClasses extends ClassLoader {
    private static final String OUTPUT = "CLASS_OUTPUT/";

    private final Map<String, byte[]> classes = new HashMap<>();

    GeneratedClasses(Compilation compilation) {
        super(GeneratedClasses.class.getClassLoader());
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            String path = file.toUri().getPath();
            String binaryName = path.substring(
                            path.indexOf(OUTPUT) + OUTPUT.length(), path.length() - ".class".length())
                    .replace('/', '.');
            try (InputStream in = file.openInputStream()) {
                classes.put(binaryName, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    /**
     * Calls a public static method.
     *
     * @param className the class's binary name
     * @param method the method's name
     * @param arguments the arguments; their classes choose the overload, so pass primitive-typed
     *     methods' arguments through {@code types}
     * @param types the parameter types
     * @return the result
     */
    Object call(String className, String method, Class<?>[] types, Object... arguments) {
        try {
            return loadClass(className).getMethod(method, types).invoke(null, arguments);
        } catch (InvocationTargetException e) {
            throw new AssertionError("generated code threw", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Calls a public static method without parameters.
     *
     * @param className the class's binary name
     * @param method the method's name
     * @return the result
     */
    Object call(String className, String method) {
        return call(className, method, new Class<?>[0]);
    }
}
