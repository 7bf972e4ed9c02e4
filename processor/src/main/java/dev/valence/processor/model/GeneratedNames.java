package dev.valence.processor.model;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * Names of generated classes: {@code p.Outer_InnerElectrons} and {@code p.Outer_InnerLattices}
 * for a class {@code p.Outer.Inner}. Lattices name the electrons classes of the electrons they
 * call, possibly of other classes, by the same rule.
 */
public final class GeneratedNames {
    private GeneratedNames() {}

    /**
     * @param type a class with {@code @Electron} methods
     * @return the generated class holding its electron references
     */
    public static ClassName electrons(TypeElement type) {
        return withSuffix(type, "Electrons");
    }

    /**
     * @param type a class with {@code @Lattice} methods
     * @return the generated class holding its graph builders
     */
    public static ClassName lattices(TypeElement type) {
        return withSuffix(type, "Lattices");
    }

    /**
     * @param lattice a lattice's method name
     * @return the public method of its generated class that adds its nodes to another graph
     */
    public static String expandMethod(String lattice) {
        return "expand" + capitalized(lattice);
    }

    /**
     * @param lattice a lattice's method name
     * @return the private method of its generated class that holds its rewritten body
     */
    public static String buildMethod(String lattice) {
        return "build" + capitalized(lattice);
    }

    /**
     * @param lattice a lattice's method name
     * @return the accessor of its {@code LatticeRef}
     */
    public static String latticeAccessor(String lattice) {
        return lattice + "Lattice";
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static ClassName withSuffix(TypeElement type, String suffix) {
        StringBuilder simpleName = new StringBuilder(type.getSimpleName());
        Element enclosing = type.getEnclosingElement();
        while (enclosing instanceof TypeElement outer) {
            simpleName.insert(0, outer.getSimpleName() + "_");
            enclosing = outer.getEnclosingElement();
        }
        String packageName =
                enclosing instanceof PackageElement pkg ? pkg.getQualifiedName().toString() : "";
        return ClassName.get(packageName, simpleName.append(suffix).toString());
    }
}
