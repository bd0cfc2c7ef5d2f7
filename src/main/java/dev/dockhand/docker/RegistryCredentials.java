package dev.dockhand.docker;

/**
 * A registry login: basic-auth user and password (for ECR, user "AWS" and the token from
 * GetAuthorizationToken). The password never appears in {@link #toString()}, logs or files.
 */
public record RegistryCredentials(String username, String password) {

    @Override
    public String toString() {
        return "RegistryCredentials[username=" + username + ", password=***]";
    }
}
