package dev.valence.processor.lattice;

import com.sun.source.util.TreePath;

/**
 * The rules of one lattice body, with the context they share. The walk over the body and the
 * checks of graph values find where a rule applies; the rule decides and reports.
 */
final class BodyRules {
    final RuleContext context;
    final OutputUseRule outputUse;
    final LambdaRule lambda;
    final ReturnRule returns;
    final ResultListDeclarationRule resultListDeclaration;
    final ResultListUseRule resultListUse;
    final ValueConversionRule valueConversion;
    final NullValueRule nullValue;
    final ParameterReassignmentRule parameterReassignment;
    final MethodReferenceRule methodReference;
    final UnsupportedStatementRule unsupportedStatement;
    final StaticElectronCallRule staticElectronCall;
    final CalleeErrorsRule calleeErrors;
    final VarargsCallRule varargsCall;
    final GenericResultRule genericResult;
    final LatticeCycleRule latticeCycle;
    final AccessibilityRule accessibility;
    final GraphValueCheck values;

    BodyRules(RuleContext context) {
        this.context = context;
        this.outputUse = new OutputUseRule(context);
        this.lambda = new LambdaRule(context);
        this.returns = new ReturnRule(context);
        this.resultListDeclaration = new ResultListDeclarationRule(context);
        this.resultListUse = new ResultListUseRule(context);
        this.valueConversion = new ValueConversionRule(context);
        this.nullValue = new NullValueRule(context);
        this.parameterReassignment = new ParameterReassignmentRule(context);
        this.methodReference = new MethodReferenceRule(context);
        this.unsupportedStatement = new UnsupportedStatementRule(context);
        this.staticElectronCall = new StaticElectronCallRule(context);
        this.calleeErrors = new CalleeErrorsRule(context);
        this.varargsCall = new VarargsCallRule(context);
        this.genericResult = new GenericResultRule(context);
        this.latticeCycle = new LatticeCycleRule(context);
        this.accessibility = new AccessibilityRule(context);
        this.values = new GraphValueCheck(this);
    }

    /** Checks the whole body, then whether it returns. */
    void checkBody() {
        walk(context.body().path());
        returns.check();
    }

    /**
     * Checks a subtree as plain Java code. Each subtree gets a walk of its own, because a scanner's
     * current path belongs to the one scan it is in.
     */
    void walk(TreePath path) {
        new RuleWalk(this).scan(path, null);
    }

    /** Reports an electron output, or an electron or lattice call, where the graph cannot take it. */
    void misuse(TreePath path) {
        if (context.body().insideLambdaOrClass(path)) {
            lambda.report(path);
        } else {
            outputUse.report(path);
        }
    }
}
