package dev.dockhand.project;

/** The kind of app a project folder holds, as far as building a container image is concerned. */
public enum Stack {
    NODE("node", "Node.js"),
    PYTHON("python", "Python"),
    JAVA("java", "Java"),
    GO("go", "Go"),
    STATIC("static", "Static site"),
    /** No stack Dockhand knows, but the folder has a Dockerfile of its own that can be used as it is. */
    DOCKERFILE("dockerfile", "Existing Dockerfile");

    private final String id;
    private final String displayName;

    Stack(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The stable identifier used in JSON output and settings files. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }
}
