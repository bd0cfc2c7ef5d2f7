package dev.dockhand.aws;

import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The profiles of the AWS CLI: {@code ~/.aws/config} (or {@code AWS_CONFIG_FILE}) and
 * {@code ~/.aws/credentials} (or {@code AWS_SHARED_CREDENTIALS_FILE}), SSO profiles and sso-session
 * sections included. Read with the SDK's own parser, so the profiles listed are exactly those the SDK signs
 * with; the records list only names, regions and the kind of login, never a key.
 */
public final class AwsProfiles {

    /** A profile as the picker shows it. */
    public record Profile(String name, String region, Kind kind, String ssoStartUrl) {
    }

    /** How a profile logs in. */
    public enum Kind { SSO, ASSUME_ROLE, KEYS, PROCESS, OTHER }

    private final ProfileFile file;
    private final Map<String, String> environment;
    private final List<String> unreadable;

    private AwsProfiles(ProfileFile file, Map<String, String> environment, List<String> unreadable) {
        this.file = file;
        this.environment = environment;
        this.unreadable = unreadable;
    }

    /** The files {@code environment} names, else those under {@code home}, as one aggregate as the SDK reads them. */
    public static AwsProfiles load(Map<String, String> environment, Path home) {
        Path config = fileFrom(environment, "AWS_CONFIG_FILE", home, "config");
        Path credentials = fileFrom(environment, "AWS_SHARED_CREDENTIALS_FILE", home, "credentials");
        List<String> unreadable = new ArrayList<>();
        ProfileFile.Aggregator aggregate = ProfileFile.aggregator();
        // The SDK's own order (ProfileFile.defaultProfileFile): credentials first, so its keys win over config's.
        read(credentials, ProfileFile.Type.CREDENTIALS, unreadable).ifPresent(aggregate::addFile);
        read(config, ProfileFile.Type.CONFIGURATION, unreadable).ifPresent(aggregate::addFile);
        return new AwsProfiles(aggregate.build(), environment, List.copyOf(unreadable));
    }

    public static AwsProfiles fromSystem() {
        return load(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    private static Path fileFrom(Map<String, String> environment, String variable, Path home, String name) {
        String named = environment.get(variable);
        if (named == null || named.isBlank()) {
            return home.resolve(".aws").resolve(name);
        }
        String path = named.strip();
        // As the SDK and the AWS CLI do: a leading ~/ is the home folder.
        return path.startsWith("~/") ? home.resolve(path.substring(2)) : Path.of(path);
    }

    private static Optional<ProfileFile> read(Path path, ProfileFile.Type type, List<String> unreadable) {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ProfileFile.builder().content(path).type(type).build());
        } catch (RuntimeException e) {
            // The SDK's message names the line ("Expected an '=' sign defining a property on line 3"), never a value.
            unreadable.add(path + " cannot be read: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The parsed files, for the SDK's credential providers: one parser decides what exists and what signs. */
    ProfileFile profileFile() {
        return file;
    }

    /** Files that exist but could not be read or parsed, each with the reason. */
    public List<String> unreadable() {
        return unreadable;
    }

    /** Every profile of both files, "default" first. */
    public List<Profile> profiles() {
        List<Profile> out = new ArrayList<>();
        file.profiles().forEach((name, profile) -> out.add(profile(name, profile)));
        out.sort((a, b) -> a.name().equals("default") ? -1 : b.name().equals("default") ? 1 : a.name().compareTo(b.name()));
        return out;
    }

    /** The names of {@link #profiles()}, in the same order. */
    public List<String> names() {
        return profiles().stream().map(Profile::name).toList();
    }

    /** The region to use: the one asked for, else AWS_REGION / AWS_DEFAULT_REGION, else the profile's. */
    public Optional<String> chosenRegion(String requested, String profile) {
        if (requested != null && !requested.isBlank()) {
            return Optional.of(requested);
        }
        for (String variable : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return file.profile(profile).flatMap(p -> p.property(ProfileProperty.REGION)).filter(r -> !r.isBlank());
    }

    public boolean exists(String profile) {
        return file.profile(profile).isPresent();
    }

    private Profile profile(String name, software.amazon.awssdk.profiles.Profile values) {
        Optional<String> ssoSession = values.property("sso_session");
        String startUrl = ssoSession.flatMap(session -> file.getSection("sso-session", session))
                .flatMap(session -> session.property(ProfileProperty.SSO_START_URL))
                .or(() -> values.property(ProfileProperty.SSO_START_URL)).orElse(null);
        Kind kind = startUrl != null || ssoSession.isPresent() ? Kind.SSO
                : values.property(ProfileProperty.ROLE_ARN).isPresent() ? Kind.ASSUME_ROLE
                : values.property(ProfileProperty.CREDENTIAL_PROCESS).isPresent() ? Kind.PROCESS
                : values.property(ProfileProperty.AWS_ACCESS_KEY_ID).isPresent() ? Kind.KEYS : Kind.OTHER;
        return new Profile(name, values.property(ProfileProperty.REGION).orElse(null), kind, startUrl);
    }
}
