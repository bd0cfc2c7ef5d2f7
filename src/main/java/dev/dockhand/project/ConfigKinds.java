package dev.dockhand.project;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Proposes whether a configuration value is a secret, from its name and (when one is known) its value.
 * A proposal only: the user can switch it. Pure, so the rules are tested on their own.
 */
public final class ConfigKinds {

    /** A proposed kind and why. */
    public record Guess(ConfigKind kind, String reason) {
    }

    private static final Pattern SECRET_WORDS = Pattern.compile(
            "SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_KEY|AUTH_KEY|SIGNING|SALT|WEBHOOK");
    private static final Pattern CONNECTION_NAMES = Pattern.compile(
            "(?:\\w+_)?(?:DATABASE_URL|DB_URL|DB_URI|DSN|CONNECTION_STRING|MONGO(?:DB)?_UR[IL]|REDIS_URL|AMQP_URL|RABBITMQ_URL)");
    private static final Pattern URL_WITH_CREDENTIALS = Pattern.compile("^[a-z][a-z0-9+.-]*://[^/\\s:@]*:[^@\\s]+@", Pattern.CASE_INSENSITIVE);
    private static final Pattern KEY_PREFIXES = Pattern.compile(
            "^(?:sk_live_|sk_test_|rk_live_|pk_live_|whsec_|AKIA[0-9A-Z]{12}|ASIA[0-9A-Z]{12}|ghp_|gho_|ghs_|github_pat_"
                    + "|glpat-|xox[abpr]-|SG\\.|-----BEGIN|eyJ[A-Za-z0-9_-]{8,}\\.)");

    private ConfigKinds() {
    }

    public static Guess guess(String name, String value) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.contains("PUBLIC") || upper.contains("PUBLISHABLE")) {
            return new Guess(ConfigKind.PLAIN, "the name says it is public");
        }
        var word = SECRET_WORDS.matcher(upper);
        if (word.find()) {
            return new Guess(ConfigKind.SECRET, "the name contains " + word.group());
        }
        if (upper.endsWith("_KEY") || upper.equals("KEY") || upper.endsWith("_PWD") || upper.endsWith("_PASS")) {
            return new Guess(ConfigKind.SECRET, "the name ends in " + upper.substring(Math.max(0, upper.lastIndexOf('_'))));
        }
        if (CONNECTION_NAMES.matcher(upper).matches()) {
            return new Guess(ConfigKind.SECRET, "a connection string usually holds a password");
        }
        if (value != null && !value.isEmpty()) {
            if (URL_WITH_CREDENTIALS.matcher(value).find()) {
                return new Guess(ConfigKind.SECRET, "the value is an address with a password in it");
            }
            if (KEY_PREFIXES.matcher(value).find()) {
                return new Guess(ConfigKind.SECRET, "the value looks like an API key or token");
            }
            if (looksRandom(value)) {
                return new Guess(ConfigKind.SECRET, "the value looks like a random key");
            }
        }
        return new Guess(ConfigKind.PLAIN, "nothing in its name or value looks secret");
    }

    /** Long, space-free, mixed-case letters and digits with high entropy, or long hex: what generated keys look like. */
    static boolean looksRandom(String value) {
        if (value.length() < 24 || value.chars().anyMatch(Character::isWhitespace) || value.contains("://")) {
            return false;
        }
        boolean upper = value.chars().anyMatch(Character::isUpperCase);
        boolean lower = value.chars().anyMatch(Character::isLowerCase);
        boolean digit = value.chars().anyMatch(Character::isDigit);
        if (value.matches("(?i)[0-9a-f]{32,}")) {
            return true; // a hex key or digest
        }
        if (!(digit && upper && lower)) {
            return false; // words, dates and slugs are not keys
        }
        int[] counts = new int[128];
        int n = 0;
        for (char c : value.toCharArray()) {
            if (c < 128) {
                counts[c]++;
                n++;
            }
        }
        double entropy = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = count / (double) n;
                entropy -= p * Math.log(p) / Math.log(2);
            }
        }
        return entropy > 3.5;
    }
}
