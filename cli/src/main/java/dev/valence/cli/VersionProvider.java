package dev.valence.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, so that it is never written twice. */
public final class VersionProvider implements IVersionProvider {
    /** Made by picocli. */
    public VersionProvider() {}

    @Override
    public String[] getVersion() {
        String version = ValenceCommand.class.getPackage().getImplementationVersion();
        return new String[] {"valence " + (version == null ? "(development build)" : version)};
    }
}
