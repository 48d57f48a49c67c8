package dev.gatehouse.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every duration, name and limit Gatehouse uses, read once at startup. Each setting has a
 * property key (also settable as an environment variable, e.g. {@code GATEHOUSE_SESSION_IDLE_TIMEOUT})
 * and one named default here; nonsense combinations are refused with a message naming the setting.
 */
public final class GatehouseSettings {

    public static final String IDLE_TIMEOUT = "gatehouse.session.idle-timeout";
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

    public static final String ABSOLUTE_LIFETIME = "gatehouse.session.absolute-lifetime";
    public static final Duration DEFAULT_ABSOLUTE_LIFETIME = Duration.ofHours(12);

    /** Default: a tenth of the idle timeout, so an active user's row is written at most ten times per idle window. */
    public static final String RENEWAL_INTERVAL = "gatehouse.session.renewal-interval";
    public static final int DEFAULT_RENEWAL_FRACTION = 10;

    public static final String COOKIE_NAME = "gatehouse.cookie.name";
    public static final String DEFAULT_COOKIE_NAME = "__Host-gatehouse";

    /** Only for plain-HTTP development setups that are not on localhost; {@code __Host-} names require it. */
    public static final String COOKIE_SECURE = "gatehouse.cookie.secure";
    public static final boolean DEFAULT_COOKIE_SECURE = true;

    public static final String PASSWORD_MAX_LENGTH = "gatehouse.password.max-length";
    public static final int DEFAULT_PASSWORD_MAX_LENGTH = 1024;

    /** Argon2id parameters; defaults are OWASP's minimum (m = 19 MiB, t = 2, p = 1). */
    public static final String ARGON2_MEMORY_KIB = "gatehouse.password.argon2.memory-kib";
    public static final int DEFAULT_ARGON2_MEMORY_KIB = 19 * 1024;
    public static final String ARGON2_ITERATIONS = "gatehouse.password.argon2.iterations";
    public static final int DEFAULT_ARGON2_ITERATIONS = 2;
    public static final String ARGON2_PARALLELISM = "gatehouse.password.argon2.parallelism";
    public static final int DEFAULT_ARGON2_PARALLELISM = 1;

    /** Password of the {@code admin} account created on first start; generated and logged once when unset. */
    public static final String INITIAL_ADMIN_PASSWORD = "gatehouse.admin.password";

    private static final String HOST_PREFIX = "__Host-";

    private final Duration idleTimeout;
    private final Duration absoluteLifetime;
    private final Duration renewalInterval;
    private final String cookieName;
    private final boolean cookieSecure;
    private final int passwordMaxLength;
    private final int argon2MemoryKib;
    private final int argon2Iterations;
    private final int argon2Parallelism;
    private final Optional<String> initialAdminPassword;

    private GatehouseSettings(Reader in) {
        idleTimeout = in.duration(IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
        absoluteLifetime = in.duration(ABSOLUTE_LIFETIME, DEFAULT_ABSOLUTE_LIFETIME);
        renewalInterval = in.duration(RENEWAL_INTERVAL, idleTimeout.dividedBy(DEFAULT_RENEWAL_FRACTION));
        cookieName = in.string(COOKIE_NAME, DEFAULT_COOKIE_NAME);
        cookieSecure = in.bool(COOKIE_SECURE, DEFAULT_COOKIE_SECURE);
        passwordMaxLength = in.integer(PASSWORD_MAX_LENGTH, DEFAULT_PASSWORD_MAX_LENGTH);
        argon2MemoryKib = in.integer(ARGON2_MEMORY_KIB, DEFAULT_ARGON2_MEMORY_KIB);
        argon2Iterations = in.integer(ARGON2_ITERATIONS, DEFAULT_ARGON2_ITERATIONS);
        argon2Parallelism = in.integer(ARGON2_PARALLELISM, DEFAULT_ARGON2_PARALLELISM);
        initialAdminPassword = in.source.apply(INITIAL_ADMIN_PASSWORD).filter(value -> !value.isBlank());

        in.require(!idleTimeout.isNegative() && !idleTimeout.isZero(), IDLE_TIMEOUT, "must be positive");
        in.require(absoluteLifetime.compareTo(idleTimeout) >= 0, ABSOLUTE_LIFETIME,
                "must be at least " + IDLE_TIMEOUT + " (" + idleTimeout + ")");
        in.require(!renewalInterval.isNegative() && !renewalInterval.isZero() && renewalInterval.compareTo(idleTimeout) < 0, RENEWAL_INTERVAL,
                "must be positive and shorter than " + IDLE_TIMEOUT + " (" + idleTimeout + ")");
        in.require(cookieName.matches("[A-Za-z0-9_.-]+"), COOKIE_NAME, "may only hold letters, digits, '_', '.' and '-'");
        in.require(cookieSecure || !cookieName.startsWith(HOST_PREFIX), COOKIE_SECURE,
                "must be true while " + COOKIE_NAME + " starts with " + HOST_PREFIX + " (browsers drop such cookies otherwise)");
        in.require(passwordMaxLength >= 64, PASSWORD_MAX_LENGTH, "must allow at least 64 characters");
        in.require(argon2MemoryKib >= DEFAULT_ARGON2_MEMORY_KIB, ARGON2_MEMORY_KIB,
                "must be at least " + DEFAULT_ARGON2_MEMORY_KIB + " (OWASP's minimum)");
        in.require(argon2Iterations >= DEFAULT_ARGON2_ITERATIONS, ARGON2_ITERATIONS,
                "must be at least " + DEFAULT_ARGON2_ITERATIONS);
        in.require(argon2Parallelism >= 1, ARGON2_PARALLELISM, "must be at least 1");
        in.failIfAnyProblems();
    }

    /**
     * Reads every setting from {@code source} (a property key to its value, if set).
     *
     * @throws IllegalArgumentException listing every invalid setting, so one restart fixes them all
     */
    public static GatehouseSettings load(Function<String, Optional<String>> source) {
        return new GatehouseSettings(new Reader(source));
    }

    /** The defaults alone; for tests and tools. */
    public static GatehouseSettings defaults() {
        return load(key -> Optional.empty());
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration absoluteLifetime() {
        return absoluteLifetime;
    }

    public Duration renewalInterval() {
        return renewalInterval;
    }

    public String cookieName() {
        return cookieName;
    }

    public boolean cookieSecure() {
        return cookieSecure;
    }

    public int passwordMaxLength() {
        return passwordMaxLength;
    }

    public int argon2MemoryKib() {
        return argon2MemoryKib;
    }

    public int argon2Iterations() {
        return argon2Iterations;
    }

    public int argon2Parallelism() {
        return argon2Parallelism;
    }

    public Optional<String> initialAdminPassword() {
        return initialAdminPassword;
    }

    /** Parses raw values and collects every problem before failing. */
    private static final class Reader {
        private final Function<String, Optional<String>> source;
        private final List<String> problems = new ArrayList<>();

        Reader(Function<String, Optional<String>> source) {
            this.source = source;
        }

        Duration duration(String key, Duration fallback) {
            return parse(key, fallback, Duration::parse, "an ISO-8601 duration such as PT30M or PT12H");
        }

        int integer(String key, int fallback) {
            return parse(key, fallback, Integer::valueOf, "a whole number");
        }

        boolean bool(String key, boolean fallback) {
            return parse(key, fallback, raw -> {
                if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException(raw);
                }
                return Boolean.valueOf(raw);
            }, "true or false");
        }

        String string(String key, String fallback) {
            return source.apply(key).map(String::trim).orElse(fallback);
        }

        void require(boolean condition, String key, String rule) {
            if (!condition) {
                problems.add(key + " " + rule);
            }
        }

        void failIfAnyProblems() {
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Invalid Gatehouse settings: " + String.join("; ", problems));
            }
        }

        private <T> T parse(String key, T fallback, Function<String, T> parser, String expected) {
            Optional<String> raw = source.apply(key).map(String::trim);
            if (raw.isEmpty()) {
                return fallback;
            }
            try {
                return parser.apply(raw.get());
            } catch (IllegalArgumentException | DateTimeParseException e) {
                problems.add(key + " must be " + expected + ", not '" + raw.get() + "'");
                return fallback;
            }
        }
    }
}
