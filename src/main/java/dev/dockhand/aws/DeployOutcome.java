package dev.dockhand.aws;

/**
 * How a deployment ended, in every case: {@code {stackName, stackStatus, serviceStable, serviceArn,
 * url, failedResource, reason}}, plus whether nothing changed, whether the wait ran out, and the
 * service's answer on its URL.
 */
public record DeployOutcome(
        String stackName,
        String stackStatus,
        boolean serviceStable,
        String serviceArn,
        String url,
        String failedResource,
        String reason,
        boolean noChanges,
        boolean timedOut,
        boolean cancelled,
        Integer urlStatus,
        String urlAnswer) {

    public static DeployOutcome failed(String stack, String status, String failedResource, String reason) {
        return new DeployOutcome(stack, status, false, null, null, failedResource, reason, false, false, false, null, null);
    }

    static DeployOutcome cancelled(String stack, String status, String reason) {
        return new DeployOutcome(stack, status, false, null, null, null, reason, false, false, true, null, null);
    }
}
