package dev.dockhand.project;

/** Plain static sites: an index.html served by nginx. */
final class StaticDetector {

    /** nginx-unprivileged listens on 8080 so it can run as a non-root user. */
    static final int PORT = 8080;
    static final String START_COMMAND = "nginx -g 'daemon off;'";

    private StaticDetector() {
    }

    /** The folder holding index.html ("" for the root), or null when this is not a static site. */
    static String siteFolder(ProjectFiles files) {
        for (String dir : new String[] {"", "public", "site", "www", "docs"}) {
            if (files.exists(NodeDetector.prefix(dir) + "index.html")) {
                return dir;
            }
        }
        return null;
    }

    static void detect(String siteFolder, ProjectAnalysis.Builder out) {
        out.stack = Stack.STATIC;
        out.buildOutput = siteFolder;
        out.port = PORT;
        out.healthPath = "/";
        out.startCommand = START_COMMAND;
        out.versionSource = "no runtime: files are served by nginx";
    }
}
