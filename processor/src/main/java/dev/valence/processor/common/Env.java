package dev.valence.processor.common;

import com.sun.source.util.Trees;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The compiler services one processing run uses, gathered so that validators, model factories and
 * generators take one argument instead of five.
 *
 * @param elements javac's element utilities
 * @param types javac's type utilities
 * @param trees javac's tree API, which reads method bodies
 * @param messager where diagnostics without a tree go
 * @param filer where generated sources go
 */
public record Env(Elements elements, Types types, Trees trees, Messager messager, Filer filer) {}
