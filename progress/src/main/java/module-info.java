/**
 * A console progress bar for Valence dispatches: add {@link dev.valence.progress.ConsoleProgress}
 * as a listener. A module of its own, so the runtime stays free of terminal libraries.
 */
module dev.valence.progress {
    requires transitive dev.valence.runtime;
    requires me.tongfei.progressbar;

    exports dev.valence.progress;
}
