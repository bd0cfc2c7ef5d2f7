package dev.dockhand.aws;

import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

import java.util.ArrayList;
import java.util.List;

/** What there is to watch in an account and region: clusters, their services, and the service of a stack. */
public final class EcsCatalog {

    /** A service in its cluster. */
    public record ServiceRef(String cluster, String service) {
    }

    private final AwsSession session;

    public EcsCatalog(AwsSession session) {
        this.session = session;
    }

    /** The names of the region's ECS clusters, sorted. */
    public List<String> clusters() throws AwsFailure {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            var answer = session.call("listing ECS clusters", () -> session.ecs().listClusters(b -> b.nextToken(page)));
            answer.clusterArns().forEach(arn -> names.add(EcsServiceWatcher.shortName(arn)));
            token = answer.nextToken();
        } while (token != null);
        names.sort(String::compareTo);
        return names;
    }

    /** The names of the services in {@code cluster}, sorted. */
    public List<String> services(String cluster) throws AwsFailure {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            var answer = session.call("listing the services of cluster " + cluster,
                    () -> session.ecs().listServices(b -> b.cluster(cluster).nextToken(page)));
            answer.serviceArns().forEach(arn -> names.add(EcsServiceWatcher.shortName(arn)));
            token = answer.nextToken();
        } while (token != null);
        names.sort(String::compareTo);
        return names;
    }

    /** The service a Dockhand stack made, from the stack's ClusterName and ServiceName outputs. */
    public ServiceRef serviceOfStack(String stackName) throws AwsFailure {
        List<Stack> stacks;
        try {
            stacks = session.call("reading stack " + stackName + " (CloudFormation DescribeStacks)",
                    () -> session.cloudFormation().describeStacks(b -> b.stackName(stackName)).stacks());
        } catch (AwsFailure e) {
            if (String.valueOf(e.getMessage()).contains("does not exist")) {
                throw new AwsFailure("There is no stack \"" + stackName + "\" in " + session.region() + " (profile \""
                        + session.profile() + "\"): deploy it first with `dockhand deploy DIR --target aws`, or check "
                        + "the region and profile.", e, true);
            }
            throw e;
        }
        Stack stack = stacks.stream().findFirst().orElseThrow(() -> new AwsFailure("There is no stack \"" + stackName
                + "\" in " + session.region() + ": deploy it first.", null, true));
        String cluster = output(stack, "ClusterName");
        String service = output(stack, "ServiceName");
        if (cluster == null || service == null) {
            throw new AwsFailure("Stack " + stackName + " (" + stack.stackStatusAsString() + ") has no ClusterName and "
                    + "ServiceName outputs: it was not made by Dockhand, or it is still being created. Pick its cluster and "
                    + "service in the monitoring window instead.", null, true);
        }
        return new ServiceRef(cluster, service);
    }

    private static String output(Stack stack, String key) {
        return stack.outputs().stream().filter(o -> key.equals(o.outputKey())).map(Output::outputValue).findFirst().orElse(null);
    }
}
