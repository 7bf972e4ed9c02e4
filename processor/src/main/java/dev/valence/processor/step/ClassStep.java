package dev.valence.processor.step;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import dev.valence.processor.common.CanonicalTypes;
import dev.valence.processor.common.Env;
import dev.valence.processor.common.ValenceAnnotations;
import dev.valence.processor.fingerprint.CodeFingerprinter;
import dev.valence.processor.generation.ElectronsGenerator;
import dev.valence.processor.generation.LatticeBodyLowering;
import dev.valence.processor.generation.LatticesGenerator;
import dev.valence.processor.lattice.AnalysedBody;
import dev.valence.processor.lattice.LatticeBodyAnalyzer;
import dev.valence.processor.model.ElectronModel;
import dev.valence.processor.model.GeneratedNames;
import dev.valence.processor.model.LatticeModel;
import dev.valence.processor.model.ModelFactory;
import dev.valence.processor.validation.ElectronValidator;
import dev.valence.processor.validation.LatticeValidator;
import dev.valence.processor.validation.ValidationReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Processes one class with {@code @Electron} or {@code @Lattice} methods: validates their
 * declarations, analyses the lattices' bodies and checks them against the lattice rules, and only
 * when all is clean lowers the bodies, builds the models, and writes {@code <Class>Electrons} and
 * {@code <Class>Lattices}. Each generated file has the class as its first originating element;
 * {@code <Class>Electrons} also names every other class whose code its fingerprints read, so that
 * an incremental compiler regenerates it when one of them changes.
 */
public final class ClassStep {

    /** What became of a class. */
    public enum Outcome {
        /** Generated, or reported: nothing more to do. */
        DONE,
        /** Something is unresolved; try again in the next round. */
        DEFERRED
    }

    private final Env env;
    private final CodeFingerprinter fingerprinter;
    private final ElectronValidator electronValidator = new ElectronValidator();
    private final LatticeValidator latticeValidator = new LatticeValidator();
    private final LatticeBodyAnalyzer bodyAnalyzer;
    private final LatticeBodyLowering bodyLowering;
    private final ModelFactory modelFactory;
    private final GeneratedClassNames generatedNames;

    /**
     * @param env the compiler services
     * @param canonicalTypes writes canonical type strings
     * @param fingerprinter fingerprints electron code; caches what it read during the round
     * @param generatedNames the generated names claimed so far, in this round and earlier ones
     */
    public ClassStep(
            Env env,
            CanonicalTypes canonicalTypes,
            CodeFingerprinter fingerprinter,
            GeneratedClassNames generatedNames) {
        this.env = env;
        this.fingerprinter = fingerprinter;
        this.generatedNames = generatedNames;
        this.bodyAnalyzer = new LatticeBodyAnalyzer(env);
        this.bodyLowering = new LatticeBodyLowering(env, canonicalTypes);
        this.modelFactory = new ModelFactory(env.elements(), env.types(), canonicalTypes);
    }

    /**
     * @param type a class declaring annotated methods
     * @param lastRound whether this is the last round: nothing can be deferred or generated any more,
     *     and what is unresolved is left for javac to report
     * @return what became of the class
     */
    public Outcome process(TypeElement type, boolean lastRound) {
        List<ExecutableElement> methods = ElementFilter.methodsIn(type.getEnclosedElements());
        List<ExecutableElement> electrons =
                methods.stream().filter(ValenceAnnotations::isElectron).collect(Collectors.toList());
        // A method carrying both annotations is reported once, as an electron.
        List<ExecutableElement> lattices = methods.stream()
                .filter(method -> ValenceAnnotations.isLattice(method) && !ValenceAnnotations.isElectron(method))
                .collect(Collectors.toList());

        ValidationReport electronReport = new ValidationReport();
        for (ExecutableElement electron : electrons) {
            electronReport.addAll(electronValidator.validate(electron));
        }
        electronReport.addAll(electronValidator.validateTogether(electrons));

        ValidationReport latticeReport = new ValidationReport();
        List<AnalysedBody> bodies = new ArrayList<>();
        for (ExecutableElement lattice : lattices) {
            ValidationReport declaration = latticeValidator.validate(lattice);
            latticeReport.addAll(declaration);
            if (!declaration.hasErrors()) { // a body is read against a valid declaration only
                LatticeBodyAnalyzer.Analysis analysis = bodyAnalyzer.analyse(lattice);
                latticeReport.addAll(analysis.report());
                analysis.body().ifPresent(bodies::add);
            }
        }
        latticeReport.addAll(latticeValidator.validateTogether(lattices));

        boolean incomplete = electronReport.isIncomplete() || latticeReport.isIncomplete();
        if (incomplete && !lastRound) {
            return Outcome.DEFERRED; // report nothing yet: the next round reads the class again
        }
        electronReport.printTo(env.messager(), env.trees());
        latticeReport.printTo(env.messager(), env.trees());
        if (lastRound) {
            // Files created now would not be compiled with the rest (javac warns), and anything
            // still unresolved is javac's to report.
            return Outcome.DONE;
        }
        if (electronReport.isClean()
                && !electrons.isEmpty()
                && claim(type, GeneratedNames.electrons(type), "electrons")) {
            Set<TypeElement> readFrom = new LinkedHashSet<>();
            List<ElectronModel> models = electrons.stream()
                    .map(electron -> {
                        CodeFingerprinter.Fingerprint fingerprint = fingerprinter.fingerprint(electron);
                        readFrom.addAll(fingerprint.sourceClasses());
                        return modelFactory.electron(
                                electron, fingerprint.code(), fingerprint.externalClasses(), fingerprint.parts());
                    })
                    .collect(Collectors.toList());
            write(type, new ElectronsGenerator().generate(type, GeneratedNames.electrons(type), models, readFrom));
        }
        if (latticeReport.isClean() && !lattices.isEmpty() && claim(type, GeneratedNames.lattices(type), "lattices")) {
            // Clean means every lattice's body was analysed without findings, so each is in bodies.
            List<LatticeModel> models = bodies.stream()
                    .map(body -> modelFactory.lattice(body.lattice(), bodyLowering.lower(body)))
                    .collect(Collectors.toList());
            write(type, new LatticesGenerator().generate(type, GeneratedNames.lattices(type), models));
        }
        return Outcome.DONE;
    }

    /** Reports a generated name that is taken on the user's class, where the rename has to happen. */
    private boolean claim(TypeElement type, ClassName generated, String what) {
        Optional<String> clash =
                generatedNames.claim(generated.canonicalName(), type, what, env.elements(), env.trees());
        clash.ifPresent(message -> env.messager().printMessage(Diagnostic.Kind.ERROR, message, type));
        return clash.isEmpty();
    }

    private void write(TypeElement type, JavaFile file) {
        try {
            file.writeTo(env.filer());
        } catch (IOException e) {
            env.messager()
                    .printMessage(
                            Diagnostic.Kind.ERROR,
                            "Valence could not write " + file.packageName() + "."
                                    + file.typeSpec().name() + ": " + e,
                            type);
        }
    }
}
