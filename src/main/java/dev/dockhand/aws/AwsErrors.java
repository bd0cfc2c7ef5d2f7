package dev.dockhand.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns SDK exceptions into {@link AwsFailure}s a person can act on. */
final class AwsErrors {

    private static final Pattern NOT_AUTHORIZED = Pattern.compile("not authorized to perform: ([\\w:-]+)");
    /** The permission a call needs, as its description names it: "storing the secret (secretsmanager:CreateSecret)". */
    private static final Pattern PERMISSION_IN_DOING = Pattern.compile("\\(([a-z0-9-]+:[A-Za-z]+)\\)");

    private AwsErrors() {
    }

    static AwsFailure explain(SdkException e, AwsSession session, String doing) {
        String profile = session.profile();
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "" : String.valueOf(service.awsErrorDetails().errorCode());
            String message = service.awsErrorDetails() == null ? service.getMessage() : service.awsErrorDetails().errorMessage();
            if (code.equals("ExpiredToken") || code.equals("ExpiredTokenException") || code.equals("RequestExpired")
                    || code.equals("InvalidClientTokenId") && String.valueOf(message).contains("expired")) {
                return new AwsFailure("The AWS login of profile \"" + profile + "\" has expired while " + doing
                        + ": log in again with `aws sso login --profile " + profile + "` (or refresh your keys).", e, true);
            }
            if (code.equals("UnrecognizedClientException") || code.equals("InvalidClientTokenId")
                    || code.equals("SignatureDoesNotMatch")) {
                return new AwsFailure("AWS does not accept the credentials of profile \"" + profile + "\" (" + code + ") while "
                        + doing + ": check the keys in ~/.aws/credentials or log in again.", e, true);
            }
            if (code.contains("AccessDenied") || code.equals("UnauthorizedOperation") || code.equals("AuthorizationError")
                    || service.statusCode() == 403) {
                Matcher action = NOT_AUTHORIZED.matcher(String.valueOf(message));
                Matcher named = PERMISSION_IN_DOING.matcher(doing);
                String what = action.find() ? action.group(1) : named.find() ? named.group(1)
                        : service.awsErrorDetails() == null ? "this action" : service.awsErrorDetails().serviceName() + " " + code;
                return new AwsFailure("Access denied while " + doing + ": the identity of profile \"" + profile
                        + "\" may not call " + what + ". Ask your AWS administrator for that permission, or use "
                        + "another profile.", e, true);
            }
            if (service.isThrottlingException()) {
                return new AwsFailure("AWS is throttling requests while " + doing + ", even after retries with back-off: "
                        + "wait a minute and try again.", e, false, true);
            }
            if (message == null || code.equals("null")) {
                return new AwsFailure("AWS refused while " + doing + " (HTTP " + service.statusCode() + "): "
                        + service.getMessage(), e);
            }
            return new AwsFailure("AWS refused while " + doing + ": " + message + " (" + code + ").", e);
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException
                || e instanceof software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException
                || e.getCause() instanceof java.net.SocketTimeoutException) {
            String where = session.endpoint() != null ? session.endpoint() + " (AWS_ENDPOINT_URL)"
                    : "AWS's endpoint in " + session.region();
            return new AwsFailure("No answer from " + where + " while " + doing + ": the call timed out after "
                    + (e instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException
                    ? AwsSession.CALL_TIMEOUT.toSeconds() + " s with retries" : AwsSession.ATTEMPT_TIMEOUT.toSeconds() + " s")
                    + ". Check your network, proxy or VPN" + (session.endpoint() != null ? ", and that the endpoint answers" : "")
                    + ", then try again.", e);
        }
        if (message.contains("Unable to load region") || message.contains("region")
                && message.toLowerCase(java.util.Locale.ROOT).contains("unable")) {
            return new AwsFailure("No AWS region is set: pass --region, set AWS_REGION, or add `region = ...` to profile \""
                    + profile + "\" in ~/.aws/config.", e, true);
        }
        if (message.contains("Token is expired") || message.contains("SSO session") || message.contains("sso")
                && message.contains("expired")) {
            // The SDK says "expired or is otherwise invalid" for both; its cause tells a missing login apart.
            if (causedBy(e, "Unable to load SSO token")) {
                return new AwsFailure("Profile \"" + profile + "\" signs in with AWS IAM Identity Center (SSO), and this "
                        + "machine has no SSO login for it: run `aws sso login --profile " + profile + "`, then try again.",
                        e, true);
            }
            return new AwsFailure("The SSO login of profile \"" + profile + "\" has expired: run `aws sso login --profile "
                    + profile + "`, then try again.", e, true);
        }
        if (message.contains("Unable to load credentials") || message.contains("Profile file contained no credentials")
                || message.contains("does not exist") && message.contains("profile")) {
            return new AwsFailure("No AWS credentials for profile \"" + profile + "\": run `aws configure --profile " + profile
                    + "` or `aws sso login --profile " + profile + "`, or choose another profile.", e, true);
        }
        if (e instanceof SdkClientException) {
            return new AwsFailure("Cannot reach AWS while " + doing + ": " + message
                    + ". Check your network (and AWS_ENDPOINT_URL if you set it).", e);
        }
        return new AwsFailure("AWS call failed while " + doing + ": " + message, e);
    }

    /** Whether {@code e} or one of its causes has a message containing {@code text}. */
    private static boolean causedBy(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(text)) {
                return true;
            }
        }
        return false;
    }
}
