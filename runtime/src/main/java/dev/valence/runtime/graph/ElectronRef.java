package dev.valence.runtime.graph;

import dev.valence.runtime.internal.graph.ExternalCode;
import dev.valence.runtime.internal.graph.Invocations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A typed reference to an electron: what the runtime needs to run it, fingerprint it and find it
 * again from a stored dispatch.
 *
 * <p>The annotation processor generates one per {@code @Electron} method, in a class {@code
 * <Class>Electrons} next to the annotated class ({@code ArithmeticElectrons.task0()}). Use it to
 * build graphs by hand, or to replace one electron by another on redispatch.
 *
 * @param <R> the electron's return type (boxed)
 */
public final class ElectronRef<R> {

    /** Calls the electron's method with arguments in declaration order. Generated code implements it with a direct call. */
    @FunctionalInterface
    public interface Invoker {
        /**
         * Runs the electron.
         *
         * @param args the arguments, in declaration order, boxed
         * @return the electron's result
         * @throws Exception whatever the electron throws
         */
        Object invoke(Object[] args) throws Exception;
    }

    static {
        Invocations.grant((electron, arguments) -> electron.invoker.invoke(arguments));
    }

    private final String id;
    private final String name;
    private final List<Parameter> parameters;
    private final String returnType;
    private final String compiledCodeFingerprint;
    private final List<String> externalClasses;
    /** The compiled fingerprint with the external classes folded in, computed on first use. */
    private volatile String codeFingerprint;
    /** The compiled fingerprint's parts, by name, each with a short hash. */
    private final SortedMap<String, String> compiledCodeParts;

    private final String version;
    private final boolean cache;
    private final String executor;
    private final int retries;
    private final Duration retryDelay;
    private final double retryBackoff;
    private final List<Class<? extends Throwable>> retryOn;
    private final Duration timeout;
    private final String catalog;
    private final Invoker invoker;

    private ElectronRef(Builder<R> builder, Invoker invoker) {
        this.id = builder.id;
        this.name = builder.name == null ? defaultName(builder.id) : builder.name;
        this.parameters = List.copyOf(builder.parameters);
        this.returnType = Objects.requireNonNull(builder.returnType, "returns(type) is required");
        this.compiledCodeFingerprint = builder.codeFingerprint;
        this.externalClasses =
                builder.externalClasses.stream().sorted().distinct().toList();
        this.compiledCodeParts = Collections.unmodifiableSortedMap(new TreeMap<>(builder.codeParts));
        this.version = builder.version;
        this.cache = builder.cache;
        this.executor = builder.executor;
        this.retries = builder.retries;
        this.retryDelay = builder.retryDelay;
        this.retryBackoff = builder.retryBackoff;
        this.retryOn = List.copyOf(builder.retryOn);
        this.timeout = builder.timeout;
        this.catalog = builder.catalog;
        this.invoker = Objects.requireNonNull(invoker, "invoker");
    }

    private static String defaultName(String id) {
        int hash = id.lastIndexOf('#');
        return hash >= 0 ? id.substring(hash + 1) : id;
    }

    /**
     * Starts a reference to the electron with the given stable id.
     *
     * @param id a stable, unique id; generated code uses {@code <binary class name>#<method>}
     * @param <R> the electron's return type
     * @return a builder
     */
    public static <R> Builder<R> builder(String id) {
        return new Builder<>(id);
    }

    /** @return the stable id, {@code <binary class name>#<method>} for generated references */
    public String id() {
        return id;
    }

    /** @return the display name that names this electron's nodes */
    public String name() {
        return name;
    }

    /** @return the parameters, in declaration order */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** @return the canonical generic return type, boxed ({@code java.util.List<java.lang.String>}) */
    public String returnType() {
        return returnType;
    }

    /**
     * The fingerprint of the electron's code, part of its cache key: the one computed at compile
     * time, with the class files of the {@linkplain #externalClasses() classes outside the build}
     * folded in (JDK classes by the JDK's feature version), read once per process.
     *
     * @return the fingerprint; the compile-time one when no external classes are listed, empty for
     *     hand-made references without one
     */
    public String codeFingerprint() {
        String fingerprint = codeFingerprint;
        if (fingerprint == null) {
            // The invoker is generated next to the electron, so its loader sees the electron's libraries.
            ClassLoader loader = invoker.getClass().getClassLoader();
            fingerprint = ExternalCode.fingerprint(
                    compiledCodeFingerprint,
                    externalClasses,
                    loader != null ? loader : ElectronRef.class.getClassLoader());
            codeFingerprint = fingerprint;
        }
        return fingerprint;
    }

    /**
     * What went into the {@linkplain #codeFingerprint() code fingerprint}, part by part, for
     * {@code explain} to name the part that changed between two dispatches: the methods,
     * constructors, fields and initializers of the build that the processor read ({@code method
     * p.Fmt#row(int)}), and the {@linkplain #externalClasses() classes outside the build} ({@code
     * class com.fasterxml.jackson.databind.ObjectMapper}), whose value names the jar the class file
     * came from. Each value starts with a short hash of the part.
     *
     * @return the parts by name, sorted; empty for hand-made references that list none
     */
    public SortedMap<String, String> codeParts() {
        if (externalClasses.isEmpty()) {
            return compiledCodeParts;
        }
        ClassLoader loader = invoker.getClass().getClassLoader();
        SortedMap<String, String> parts = new TreeMap<>(compiledCodeParts);
        parts.putAll(ExternalCode.parts(externalClasses, loader != null ? loader : ElectronRef.class.getClassLoader()));
        return Collections.unmodifiableSortedMap(parts);
    }

    /**
     * @return binary names of the classes outside the build (libraries, the JDK) that the
     *     electron's code reaches, as the processor found them; sorted
     */
    public List<String> externalClasses() {
        return externalClasses;
    }

    /** @return the user-given version, part of the cache key */
    public String version() {
        return version;
    }

    /** @return whether results may be reused */
    public boolean cache() {
        return cache;
    }

    /** @return the executor's name; empty for the default pool */
    public String executor() {
        return executor;
    }

    /** @return how many times a failing run is retried */
    public int retries() {
        return retries;
    }

    /** @return how long to wait before the first retry; zero retries at once */
    public Duration retryDelay() {
        return retryDelay;
    }

    /** @return the factor each further retry's delay grows by (1 keeps it constant) */
    public double retryBackoff() {
        return retryBackoff;
    }

    /** @return the exception types worth retrying (and their subtypes); empty retries every exception */
    public List<Class<? extends Throwable>> retryOn() {
        return retryOn;
    }

    /** @return the longest one attempt may run, if limited */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * @return the binary name of the generated {@link Catalog} that lists this electron, used to
     *     find it again from a new process; empty for hand-made references
     */
    public String catalog() {
        return catalog;
    }

    /**
     * Describes the signature in a form fit for error messages: {@code task2(java.lang.Integer,
     * java.lang.Integer) -> java.lang.Double}.
     *
     * @return the signature
     */
    public String signature() {
        StringBuilder out = new StringBuilder(name).append('(');
        for (int i = 0; i < parameters.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(parameters.get(i).type());
        }
        return out.append(") -> ").append(returnType).toString();
    }

    /**
     * Whether this electron can stand in for {@code other} in a graph: same parameter types in the
     * same order and the same return type.
     *
     * @param other the electron to replace
     * @return true when the signatures match
     */
    public boolean isCompatibleWith(ElectronRef<?> other) {
        if (!returnType.equals(other.returnType) || parameters.size() != other.parameters.size()) {
            return false;
        }
        for (int i = 0; i < parameters.size(); i++) {
            if (!parameters.get(i).type().equals(other.parameters.get(i).type())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ElectronRef[" + id + "]";
    }

    /**
     * Builds an {@link ElectronRef}. Generated code calls it once per electron, in a static field.
     *
     * @param <R> the electron's return type
     */
    public static final class Builder<R> {
        private final String id;
        private String name;
        private final List<Parameter> parameters = new ArrayList<>();
        private String returnType;
        private String codeFingerprint = "";
        private final List<String> externalClasses = new ArrayList<>();
        private final Map<String, String> codeParts = new HashMap<>();
        private String version = "";
        private boolean cache = true;
        private String executor = "";
        private int retries;
        private Duration retryDelay = Duration.ZERO;
        private double retryBackoff = 2.0;
        private final List<Class<? extends Throwable>> retryOn = new ArrayList<>();
        private Duration timeout;
        private String catalog = "";

        private Builder(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("an electron id must not be blank");
            }
            this.id = id;
        }

        /**
         * @param name the display name (defaults to the part of the id after {@code #})
         * @return this builder
         */
        public Builder<R> name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Adds the next parameter.
         *
         * @param name the parameter's name
         * @param type its canonical generic type, boxed
         * @return this builder
         */
        public Builder<R> parameter(String name, String type) {
            parameters.add(new Parameter(name, type));
            return this;
        }

        /** Adds {@code count} parameters of any type, for the runtime's collection steps. */
        Builder<R> parameters(int count) {
            for (int i = 0; i < count; i++) {
                parameters.add(new Parameter("part" + i, "java.lang.Object"));
            }
            return this;
        }

        /**
         * Adds the next parameter, left out of the cache key ({@code @IgnoreForCache}): its
         * argument is passed to the electron but does not decide reuse.
         *
         * @param name the parameter's name
         * @param type its canonical generic type, boxed
         * @return this builder
         */
        public Builder<R> ignoredParameter(String name, String type) {
            parameters.add(new Parameter(name, type, false));
            return this;
        }

        /**
         * @param type the canonical generic return type, boxed
         * @return this builder
         */
        public Builder<R> returns(String type) {
            this.returnType = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * @param fingerprint the code fingerprint (hex)
         * @return this builder
         */
        public Builder<R> codeFingerprint(String fingerprint) {
            this.codeFingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
            return this;
        }

        /**
         * Lists the classes outside the build that the electron's code reaches; their class files
         * become part of its {@linkplain ElectronRef#codeFingerprint() code fingerprint}.
         *
         * @param binaryNames binary names ({@code com.example.Outer$Inner})
         * @return this builder
         */
        public Builder<R> externalClasses(String... binaryNames) {
            for (String name : binaryNames) {
                externalClasses.add(Objects.requireNonNull(name, "binary name"));
            }
            return this;
        }

        /**
         * Records one part of the code fingerprint, for {@code explain}: generated code lists each
         * method, constructor, field and initializer the fingerprint read. Not part of the cache key
         * (the fingerprint already is).
         *
         * @param part the part's name ({@code method p.Fmt#row(int)})
         * @param hash a short hash of the part's canonical form
         * @return this builder
         */
        public Builder<R> codePart(String part, String hash) {
            codeParts.put(Objects.requireNonNull(part, "part"), Objects.requireNonNull(hash, "hash"));
            return this;
        }

        /**
         * @param version the user-given version
         * @return this builder
         */
        public Builder<R> version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * @param cache whether results may be reused
         * @return this builder
         */
        public Builder<R> cache(boolean cache) {
            this.cache = cache;
            return this;
        }

        /**
         * @param executor the executor's name, empty for the default pool
         * @return this builder
         */
        public Builder<R> executor(String executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @param retries how many times a failing run is retried, not negative
         * @return this builder
         */
        public Builder<R> retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must not be negative, got " + retries);
            }
            this.retries = retries;
            return this;
        }

        /**
         * @param delay how long to wait before the first retry, as an ISO-8601 duration ({@code
         *     "PT1S"}); zero (the default) retries at once
         * @return this builder
         */
        public Builder<R> retryDelay(String delay) {
            this.retryDelay = Durations.parse("retryDelay", delay, true);
            return this;
        }

        /**
         * @param backoff the factor each further retry's delay grows by, at least 1 (default 2)
         * @return this builder
         */
        public Builder<R> retryBackoff(double backoff) {
            if (!(backoff >= 1.0) || Double.isInfinite(backoff)) {
                throw new IllegalArgumentException(
                        "retryBackoff must be a finite number of at least 1, got " + backoff);
            }
            this.retryBackoff = backoff;
            return this;
        }

        /**
         * @param types the exception types worth retrying, with their subtypes; others fail the
         *     node at once. None given (the default) retries every exception.
         * @return this builder
         */
        @SafeVarargs
        public final Builder<R> retryOn(Class<? extends Throwable>... types) {
            for (Class<? extends Throwable> type : types) {
                retryOn.add(Objects.requireNonNull(type, "retryOn type"));
            }
            return this;
        }

        /**
         * @param timeout the longest one attempt may run, as an ISO-8601 duration ({@code "PT30S"})
         * @return this builder
         */
        public Builder<R> timeout(String timeout) {
            this.timeout = Durations.parse("timeout", timeout, false);
            return this;
        }

        /**
         * @param catalog the binary name of the generated catalog class that lists this electron
         * @return this builder
         */
        public Builder<R> catalog(String catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /**
         * Finishes the reference.
         *
         * @param invoker calls the electron's method
         * @return the reference
         */
        public ElectronRef<R> build(Invoker invoker) {
            return new ElectronRef<>(this, invoker);
        }
    }
}
