package dev.dockhand.cli;

import picocli.CommandLine;

/** The version from the jar's manifest ("dev" when run from classes). */
public final class Version implements CommandLine.IVersionProvider {

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Dockhand " + current()};
    }
}
