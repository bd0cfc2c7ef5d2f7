package dev.dockhand.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.dockhand.aws.ServiceSettings;
import dev.dockhand.dockerfile.Escape;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A GitHub Actions workflow that builds, pushes and deploys the service on every push to the main
 * branch, with an IAM role assumed through GitHub's OIDC provider: no long-lived AWS keys anywhere. It
 * deploys the template Dockhand wrote into the project, so CI and the app deploy the same stack.
 */
public final class CiWorkflow {

    public static final String FILE = ".github/workflows/dockhand-deploy.yml";

    private CiWorkflow() {
    }

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    /** A git branch as git check-ref-format and GitHub's branch filters take it: no glob, no control character. */
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._/#@-]{1,255}");

    /** Checks the role ARN looks like an IAM role; returns a message naming the problem, or null. */
    public static String problem(String roleArn, String branch) {
        if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
            return "\"" + Escape.printable(roleArn) + "\" is not an IAM role ARN: give one like "
                    + "arn:aws:iam::123456789012:role/github-deploy (a role that trusts token.actions.githubusercontent.com).";
        }
        if (branch == null || !BRANCH.matcher(branch).matches() || branch.contains("..") || branch.contains("//")
                || branch.startsWith("-") || branch.startsWith("/") || branch.endsWith("/") || branch.endsWith(".")
                || branch.endsWith(".lock")) {
            return "\"" + Escape.printable(branch) + "\" is not a branch name git takes (letters, digits and . _ / # @ -, "
                    + "no \"..\", no glob characters): give the branch to deploy from, e.g. --branch main.";
        }
        return null;
    }

    /** Every value the workflow holds, checked against its documented rule; a message naming the first problem, or null. */
    public static String problem(String service, String region, String roleArn, String branch) {
        if (!ServiceSettings.validName(service)) {
            return "The service name \"" + Escape.printable(service) + "\" cannot be used: " + ServiceSettings.NAME_RULE + ".";
        }
        var regionProblem = ServiceSettings.regionProblem(region);
        return regionProblem.isPresent() ? regionProblem.get() : problem(roleArn, branch);
    }

    /**
     * The workflow, built as a YAML tree and written by Jackson's YAML writer (as the template is), so that no
     * value can add a key, a step or a GitHub expression; refused when a value breaks its rule, and checked to
     * parse back to the same tree before it is returned.
     */
    public static String yaml(String service, String region, String roleArn, String branch) {
        String problem = problem(service, region, roleArn, branch);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        Map<String, Object> workflow = new LinkedHashMap<>();
        workflow.put("name", "Deploy " + service);
        workflow.put("on", map("push", map("branches", List.of(branch)), "workflow_dispatch", Map.of()));
        workflow.put("permissions", map("id-token", "write", "contents", "read"));
        workflow.put("concurrency", map("group", "deploy-" + service, "cancel-in-progress", false));
        workflow.put("env", map("AWS_REGION", region, "SERVICE", service));
        List<Object> steps = List.of(
                map("uses", "actions/checkout@v4"),
                map("name", "Assume the deploy role (OIDC)", "uses", "aws-actions/configure-aws-credentials@v4",
                        "with", map("role-to-assume", roleArn, "aws-region", "${{ env.AWS_REGION }}")),
                map("name", "Log in to Amazon ECR", "id", "ecr", "uses", "aws-actions/amazon-ecr-login@v2"),
                map("name", "Build and push the image, tagged with the commit",
                        "env", map("REGISTRY", "${{ steps.ecr.outputs.registry }}"),
                        "run", """
                                IMAGE="$REGISTRY/$SERVICE:${GITHUB_SHA::12}"
                                docker build -t "$IMAGE" .
                                docker push "$IMAGE"
                                echo "IMAGE=$IMAGE" >> "$GITHUB_ENV"
                                """),
                // DesiredCount stays empty on updates: the service keeps the task count autoscaling chose. The app's
                // secrets stay in Secrets Manager: ConfigSecretArn and ConfigSecretVersion keep their values here.
                // The tag is Dockhand's mark on the stack, which a change set's tags would otherwise replace.
                map("name", "Deploy the stack", "run", """
                        aws cloudformation deploy \\
                          --stack-name "$SERVICE" \\
                          --template-file infra/dockhand-stack.yaml \\
                          --capabilities CAPABILITY_IAM \\
                          --parameter-overrides "ImageUri=$IMAGE" "DesiredCount=" \\
                          --tags "dockhand:service=$SERVICE" \\
                          --no-fail-on-empty-changeset
                        """),
                map("name", "Wait until the service is stable",
                        "run", "aws ecs wait services-stable --cluster \"$SERVICE\" --services \"$SERVICE\""));
        workflow.put("jobs", map("deploy", map("runs-on", "ubuntu-latest", "steps", steps)));
        try {
            String body = YAML.writeValueAsString(workflow);
            if (!YAML.readTree(body).equals(YAML.valueToTree(workflow))) {
                throw new IllegalStateException("the workflow does not read back as written");
            }
            return header(service, branch) + body;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the workflow", e);
        }
    }

    /** The comment above the workflow, of values already checked against their rules (no line breaks). */
    private static String header(String service, String branch) {
        return """
                # Generated by Dockhand: builds, pushes and deploys %1$s on every push to %2$s.
                # AWS access comes from the IAM role below, assumed through GitHub's OIDC provider: no AWS keys are
                # stored in the repository or its secrets. The role must trust token.actions.githubusercontent.com for
                # this repository (condition on "repo:<owner>/<repo>:ref:refs/heads/%2$s") and may push to the ECR
                # repository %1$s and deploy the CloudFormation stack %1$s (run `dockhand deploy` once first).
                # The deploy step keeps DesiredCount empty on updates, so the service keeps the count autoscaling chose;
                # the app's secrets stay in Secrets Manager (`dockhand deploy` stores new values).
                """.formatted(service, branch);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    /** Writes the workflow into the project; a different existing one is kept as a backup first. */
    public static Path write(Path project, String yaml) throws IOException, StepException {
        try {
            return ProjectFile.replaceKeepingBackup(project, project.resolve(FILE), yaml);
        } catch (dev.dockhand.project.ProjectLinks.OutsideProject e) {
            throw new StepException(e.getMessage(), e);
        }
    }
}
