package dev.dockhand.ui.wizard;

import java.nio.file.Path;

/** What the Help menu says: the README's key topics in short, and where Dockhand's logs and state are. */
final class HelpTexts {

    static final String GETTING_STARTED = """
            The steps on the left go from a project folder to a running service; each opens when the one before \
            it is done, and Alt+Right / Alt+Left move between them.

            Project: open your app's folder (File > Open, drag and drop, or File > Open Recent). Readiness lists \
            what breaks in containers or behind a load balancer; "Fix" items will break. A finding's file link \
            (or Enter) opens it at the line in your editor: DOCKHAND_EDITOR, VISUAL or EDITOR names it. Edit \
            beside the port and health path changes them before the Dockerfile is written.

            Dockerfile and Configuration: Dockhand writes a Dockerfile and .dockerignore (Ctrl+S saves them; \
            your own file is replaced only after you confirm, with a backup; Open Your Own loads one you keep \
            elsewhere) and lists the variables the app reads.

            Build and Test: the image is built on your Docker engine and run once until its health path answers.

            Target: Amazon ECS on Fargate, or a local rehearsal of the same service on Docker, with no AWS \
            account. The choice is saved in dockhand.yaml in your project; commit that file.

            Push, Deploy, Monitor: the image goes to Amazon ECR, a CloudFormation stack makes the service (or \
            the rehearsal starts), and the monitoring window shows tasks, scaling, CPU and logs.

            Every step is also a command for CI: java -jar dockhand.jar analyze | dockerfile | build | test | \
            push | deploy | status | destroy (see the README).""";

    private HelpTexts() {
    }

    static String logs(Path configDirectory) {
        return "Dockhand writes its warnings and errors to the terminal that started it (standard error); "
                + "started from a desktop launcher, they go where the desktop keeps programs' output.\n\n"
                + "What each step did is on its page: the build log on Build, the container's log on Test, the "
                + "stack events on Deploy. A running service's own log is in the monitoring window's Log tab "
                + "(CloudWatch Logs on AWS, the containers' output for a rehearsal).\n\n"
                + "Local rehearsals keep their state in " + dev.dockhand.pipeline.LocalSteps.stateDirectory() + ", and "
                + "the recent projects list is in " + configDirectory + ".";
    }
}
