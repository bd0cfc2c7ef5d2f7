package dev.dockhand.ui.wizard;

/** The steps of the wizard, in order, as the sidebar lists them. */
public enum WizardStep {
    PROJECT("Project", "Open a folder and check it", true),
    DOCKERFILE("Dockerfile", "Write the image recipe", true),
    CONFIGURATION("Configuration", "Variables and secrets", true),
    BUILD("Build", "Build the image locally", true),
    TEST("Test", "Run and health-check it", true),
    TARGET("Target", "AWS or local rehearsal", true),
    PUSH("Push", "Send the image to ECR", true),
    DEPLOY("Deploy", "Create the service", true),
    MONITOR("Monitor", "Watch it live", true);

    private final String title;
    private final String subtitle;
    private final boolean implemented;

    WizardStep(String title, String subtitle, boolean implemented) {
        this.title = title;
        this.subtitle = subtitle;
        this.implemented = implemented;
    }

    public String title() {
        return title;
    }

    public String subtitle() {
        return subtitle;
    }

    /** What the step does for the chosen target: a local rehearsal pushes nothing and deploys on this machine. */
    public String subtitle(boolean localTarget) {
        if (!localTarget) {
            return subtitle;
        }
        return switch (this) {
            case PUSH -> "Skipped: image stays local";
            case DEPLOY -> "Start the local rehearsal";
            default -> subtitle;
        };
    }

    /** False for steps this version of Dockhand cannot perform yet; the sidebar shows them as unavailable. */
    public boolean implemented() {
        return implemented;
    }

    public WizardStep next() {
        return ordinal() + 1 < values().length ? values()[ordinal() + 1] : this;
    }

    public WizardStep previous() {
        return ordinal() > 0 ? values()[ordinal() - 1] : this;
    }
}
