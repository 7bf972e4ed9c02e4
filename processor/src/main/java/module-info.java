/**
 * Valence's annotation processor: reads {@code @Electron} and {@code @Lattice} methods, checks
 * lattice bodies, and generates graph builders. It exports nothing: javac finds it as a service.
 */
// JavaPoet has no module descriptor, only an Automatic-Module-Name; requiring it by that name is intended.
@SuppressWarnings("requires-automatic")
module dev.valence.processor {
    requires java.compiler;
    requires jdk.compiler;
    requires com.palantir.javapoet;
    requires dev.valence.annotations;
    // AutoService's annotation is read at compile time only.
    requires static com.google.auto.service;

    provides javax.annotation.processing.Processor with
            dev.valence.processor.ValenceProcessor;
}
