package dev.dockhand.aws;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Where a session's credentials come from, decided in this order: {@code --profile} (it must exist),
 * {@code AWS_PROFILE} (it must exist), keys in the environment, a web identity token (CI with OIDC),
 * container credentials (ECS, CodeBuild), the profile dockhand.yaml prefers when this machine has it,
 * "default" when this machine has it, else the SDK's own chain (an instance role, for example).
 * Decided from values alone, so that it is the same on every machine given the same inputs.
 */
public record CredentialSource(Kind kind, String profile) {

    public enum Kind {
        PROFILE_FLAG, AWS_PROFILE, ENVIRONMENT_KEYS, WEB_IDENTITY, CONTAINER, PREFERRED_PROFILE, DEFAULT_PROFILE,
        SDK_DEFAULT_CHAIN
    }

    public CredentialSource {
        boolean named = kind == Kind.PROFILE_FLAG || kind == Kind.AWS_PROFILE || kind == Kind.PREFERRED_PROFILE
                || kind == Kind.DEFAULT_PROFILE;
        if (named != (profile != null)) {
            throw new IllegalArgumentException(kind + (named ? " needs" : " takes no") + " profile name");
        }
    }

    /**
     * The source for a run: {@code flagProfile} is {@code --profile} (or the profile picked in the window),
     * {@code preferredProfile} dockhand.yaml's, {@code profilesHere} the profiles of this machine's AWS
     * files in the order they are listed to the user.
     */
    public static CredentialSource choose(String flagProfile, Map<String, String> environment, String preferredProfile,
                                          Collection<String> profilesHere) throws AwsFailure {
        if (present(flagProfile)) {
            String name = flagProfile.strip();
            if (!profilesHere.contains(name)) {
                throw new AwsFailure("There is no AWS profile \"" + name + "\" in " + files(environment) + ": "
                        + "create it with `aws configure --profile " + name + "` (or `aws configure sso`)"
                        + known(profilesHere, ", or choose one of: ") + ".", null, true);
            }
            return new CredentialSource(Kind.PROFILE_FLAG, name);
        }
        String fromVariable = environment.get("AWS_PROFILE");
        if (present(fromVariable)) {
            String name = fromVariable.strip();
            if (!profilesHere.contains(name)) {
                throw new AwsFailure("AWS_PROFILE is set to \"" + name + "\", but there is no such profile in "
                        + files(environment) + ": create it with `aws configure --profile " + name + "`, "
                        + known(profilesHere, "set AWS_PROFILE to one of: ", ", ")
                        + "or unset AWS_PROFILE to use the credentials in the environment or the default profile.",
                        null, true);
            }
            return new CredentialSource(Kind.AWS_PROFILE, name);
        }
        boolean keyId = present(environment.get("AWS_ACCESS_KEY_ID"));
        if (keyId != present(environment.get("AWS_SECRET_ACCESS_KEY"))) {
            throw new AwsFailure((keyId ? "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
                    : "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
                    + ": set both (and AWS_SESSION_TOKEN for temporary keys), or neither to use a profile.", null, true);
        }
        if (keyId) {
            return new CredentialSource(Kind.ENVIRONMENT_KEYS, null);
        }
        if (present(environment.get("AWS_WEB_IDENTITY_TOKEN_FILE"))) {
            if (!present(environment.get("AWS_ROLE_ARN"))) {
                throw new AwsFailure("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not: set AWS_ROLE_ARN to the "
                        + "role to assume with the token (in GitHub Actions, the role-to-assume of "
                        + "aws-actions/configure-aws-credentials).", null, true);
            }
            return new CredentialSource(Kind.WEB_IDENTITY, null);
        }
        if (present(environment.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"))
                || present(environment.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))) {
            return new CredentialSource(Kind.CONTAINER, null);
        }
        if (present(preferredProfile) && profilesHere.contains(preferredProfile.strip())) {
            return new CredentialSource(Kind.PREFERRED_PROFILE, preferredProfile.strip());
        }
        if (profilesHere.contains("default")) {
            return new CredentialSource(Kind.DEFAULT_PROFILE, "default");
        }
        return new CredentialSource(Kind.SDK_DEFAULT_CHAIN, null);
    }

    /** The profile whose credentials are used, when they come from a profile. */
    public Optional<String> profileName() {
        return Optional.ofNullable(profile);
    }

    /** In the user's words, for the line that says who Dockhand acts as. */
    public String describe() {
        return switch (kind) {
            case PROFILE_FLAG -> "profile " + profile + " (--profile)";
            case AWS_PROFILE -> "profile " + profile + " (AWS_PROFILE)";
            case ENVIRONMENT_KEYS -> "credentials from the environment";
            case WEB_IDENTITY -> "web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)";
            case CONTAINER -> "container credentials (AWS_CONTAINER_CREDENTIALS_*)";
            case PREFERRED_PROFILE -> "profile " + profile + " (dockhand.yaml)";
            case DEFAULT_PROFILE -> "profile default";
            case SDK_DEFAULT_CHAIN -> "the AWS SDK's default credentials (such as an instance role)";
        };
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String files(Map<String, String> environment) {
        String config = environment.get("AWS_CONFIG_FILE");
        String credentials = environment.get("AWS_SHARED_CREDENTIALS_FILE");
        return (present(config) ? config.strip() : "~/.aws/config") + " or "
                + (present(credentials) ? credentials.strip() : "~/.aws/credentials");
    }

    private static String known(Collection<String> profiles, String before) {
        return known(profiles, before, "");
    }

    private static String known(Collection<String> profiles, String before, String after) {
        return profiles.isEmpty() ? "" : before + String.join(", ", profiles) + after;
    }
}
