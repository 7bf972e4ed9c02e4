/**
 * The web dashboard of a Valence store: start it with {@link dev.valence.dashboard.ValenceUi}, or
 * run {@link dev.valence.dashboard.UiMain} on a store folder. A module of its own, so the runtime
 * stays free of HTTP serving and web files.
 */
module dev.valence.dashboard {
    requires transitive dev.valence.runtime;
    requires com.fasterxml.jackson.databind;
    requires jdk.httpserver;
    requires org.slf4j;

    exports dev.valence.dashboard;
}
