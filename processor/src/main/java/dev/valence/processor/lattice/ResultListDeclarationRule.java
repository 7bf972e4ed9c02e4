package dev.valence.processor.lattice;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import javax.lang.model.element.Element;
import javax.lang.model.type.TypeMirror;

/**
 * Rule: a list local that collects electron outputs is declared as a {@code List} of their type and
 * starts empty, with its type written out. The generated builder declares it as a list of handles
 * instead, which it can do only for a list it creates itself, whose element type it can name.
 */
final class ResultListDeclarationRule {
    private final RuleContext context;

    ResultListDeclarationRule(RuleContext context) {
        this.context = context;
    }

    /**
     * @param path the declaration
     * @param local the declared local
     * @param list what it collects
     * @return whether the declaration can be rewritten; false when an error was reported
     */
    boolean check(TreePath path, Element local, OutputHolder list) {
        VariableTree variable = (VariableTree) path.getLeaf();
        String name = variable.getName().toString();
        if (!context.body().types().collects(local.asType(), list.type())) {
            context.error(
                    variable,
                    "'" + name + "' collects electron results, so it must be declared as a List of their type,"
                            + " as in 'List<" + list.type() + "> " + name + " = new ArrayList<>();'");
            return false;
        }
        ExpressionTree initializer = variable.getInitializer();
        if (initializer == null) {
            return true;
        }
        TreePath initializerPath = BodyTrees.unwrap(new TreePath(path, initializer));
        if (!startsEmpty(initializerPath)) {
            context.error(
                    initializer,
                    "'" + name + "' collects electron results, so it must start empty: initialize it with"
                            + " 'new ArrayList<>()' and add the results one by one");
            return false;
        }
        if (context.body().source().implicitlyTyped(variable)
                && BodyTrees.isDiamond((NewClassTree) initializerPath.getLeaf())) {
            context.error(
                    variable,
                    "'" + name + "' collects electron results; declare its type instead of 'var', as in" + " 'List<"
                            + list.type() + "> " + name + " = new ArrayList<>();'");
            return false;
        }
        return true;
    }

    /** A new list without a class body, and at most primitive arguments (a capacity). */
    private boolean startsEmpty(TreePath initializerPath) {
        return initializerPath.getLeaf() instanceof NewClassTree created
                && created.getClassBody() == null
                && created.getArguments().stream().allMatch(argument -> {
                    TreePath argumentPath = new TreePath(initializerPath, argument);
                    if (context.body().flow().electronValued(argumentPath)) {
                        return false;
                    }
                    TypeMirror type = context.typeOf(argumentPath);
                    return type != null && type.getKind().isPrimitive();
                });
    }
}
