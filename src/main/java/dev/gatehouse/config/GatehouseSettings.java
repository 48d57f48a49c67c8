package dev.gatehouse.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    /** 0 means unlimited; otherwise a new sign-in beyond the limit ends the user's least recently seen session. */
    public static final String MAX_SESSIONS_PER_USER = "gatehouse.session.max-per-user";

    public static final int DEFAULT_MAX_SESSIONS_PER_USER = 0;

    public static final String CLEANUP_PERIOD = "gatehouse.cleanup.period";
    public static final Duration DEFAULT_CLEANUP_PERIOD = Duration.ofMinutes(5);

    /** Rows deleted per transaction, so a large backlog never holds locks for long. */
    public static final String CLEANUP_BATCH_SIZE = "gatehouse.cleanup.batch-size";

    public static final int DEFAULT_CLEANUP_BATCH_SIZE = 1000;

    /**
     * Extra paths anyone may request without a session (comma-separated): exact paths such as
     * {@code /about.xhtml}, or prefixes that end in {@code /} such as {@code /docs/}.
     */
    public static final String PUBLIC_PATHS = "gatehouse.public-paths";

    public static final String COOKIE_NAME = "gatehouse.cookie.name";
    public static final String DEFAULT_COOKIE_NAME = "__Host-gatehouse";

    /** Only for plain-HTTP development setups that are not on localhost; {@code __Host-} names require it. */
    public static final String COOKIE_SECURE = "gatehouse.cookie.secure";

    public static final boolean DEFAULT_COOKIE_SECURE = true;

    /** NIST SP 800-63B asks for at least 8; ASVS 5 level 2 for at least 12 (when set or changed). */
    public static final String PASSWORD_MIN_LENGTH = "gatehouse.password.min-length";

    public static final int DEFAULT_PASSWORD_MIN_LENGTH = 12;

    public static final String PASSWORD_MAX_LENGTH = "gatehouse.password.max-length";
    public static final int DEFAULT_PASSWORD_MAX_LENGTH = 1024;

    /** Argon2id parameters; defaults are OWASP's minimum (m = 19 MiB, t = 2, p = 1). */
    public static final String ARGON2_MEMORY_KIB = "gatehouse.password.argon2.memory-kib";

    public static final int DEFAULT_ARGON2_MEMORY_KIB = 19 * 1024;
    public static final String ARGON2_ITERATIONS = "gatehouse.password.argon2.iterations";
    public static final int DEFAULT_ARGON2_ITERATIONS = 2;
    public static final String ARGON2_PARALLELISM = "gatehouse.password.argon2.parallelism";
    public static final int DEFAULT_ARGON2_PARALLELISM = 1;

    /** Consecutive failed sign-ins after which an account is locked. */
    public static final String LOCKOUT_THRESHOLD = "gatehouse.login.lockout-threshold";

    public static final int DEFAULT_LOCKOUT_THRESHOLD = 5;

    /** First lockout; each further failure doubles it, up to the maximum. */
    public static final String LOCKOUT_BASE = "gatehouse.login.lockout-base";

    public static final Duration DEFAULT_LOCKOUT_BASE = Duration.ofMinutes(1);

    public static final String LOCKOUT_MAX = "gatehouse.login.lockout-max";
    public static final Duration DEFAULT_LOCKOUT_MAX = Duration.ofHours(1);

    /**
     * Networks of reverse proxies (comma-separated CIDRs, e.g. {@code 10.0.0.0/8, ::1}) whose
     * {@code X-Forwarded-For} header names the client. From anywhere else it is ignored, so nobody can choose the
     * address the rate limit and the audit trail see.
     */
    public static final String TRUSTED_PROXIES = "gatehouse.trusted-proxies";
    /**
     * Not a setting but a fixed limit: the longest IP address in text (IPv6 with an IPv4 tail), the width of every
     * {@code client_ip} column and of the admin list's IP filter.
     */
    public static final int MAX_IP_LENGTH = 45;

    /** Sign-in POSTs one client IP may send per minute (counted in the database, so across all nodes); more get 429. */
    public static final String LOGIN_RATE_PER_MINUTE = "gatehouse.login.rate-per-minute";

    public static final int DEFAULT_LOGIN_RATE_PER_MINUTE = 20;

    /** How long a sign-in waits for a free password-hashing slot (one per core) before answering 503. */
    public static final String HASHING_WAIT = "gatehouse.password.hashing-wait";

    public static final Duration DEFAULT_HASHING_WAIT = Duration.ofSeconds(2);

    /**
     * Origins (scheme://host[:port]) besides the request's own that may send state-changing requests, e.g. the
     * public address when a TLS-terminating proxy forwards plain HTTP. Comma-separated.
     */
    public static final String ALLOWED_ORIGINS = "gatehouse.csrf.allowed-origins";

    /**
     * The origin (scheme://host[:port]) users reach the application at, e.g. {@code https://intranet.example.com}.
     * Redirects are made absolute with it and state-changing requests must come from it, whatever {@code Host} a
     * client sends. Unset: the request's own origin (scheme and {@code Host}) counts, which is right only where
     * the front end passes no {@code Host} but its own; set it in production.
     */
    public static final String PUBLIC_ORIGIN = "gatehouse.public-origin";

    /**
     * How long a session validated before a database outage keeps working during it (never past its absolute
     * expiry). Zero turns the fallback off: every request then needs the database.
     */
    public static final String OUTAGE_GRACE = "gatehouse.outage.grace";

    public static final Duration DEFAULT_OUTAGE_GRACE = Duration.ofMinutes(5);

    /**
     * Bearer token a metrics scraper presents to {@code /api/metrics} ({@code Authorization: Bearer ...}); at
     * least 32 characters. Unset: only signed-in administrators can read the metrics.
     */
    public static final String METRICS_TOKEN = "gatehouse.metrics.token";

    static final int METRICS_TOKEN_MIN_LENGTH = 32;

    /**
     * Key that seals second-factor secrets at rest: 32 random bytes in base 64 ({@code openssl rand -base64 32}).
     * Unset: nobody can enrol a second factor, and the application refuses to start once any factor exists.
     */
    public static final String SECRET_KEY = "gatehouse.secret-key";

    /**
     * Roles (comma-separated role names, or {@code none}) whose holders must sign in with a second factor; one who
     * has none yet enrols right after the password and can do nothing else before. {@code role:passkey} requires a
     * phishing-resistant factor: holders of that role must use a passkey (an authenticator app or recovery code does
     * not do), which needs {@link #PUBLIC_ORIGIN}.
     */
    public static final String MFA_REQUIRED_ROLES = "gatehouse.mfa.required-roles";

    public static final String DEFAULT_MFA_REQUIRED_ROLES = "admin";
    /** The value of {@link #MFA_REQUIRED_ROLES} that requires a second factor of nobody. */
    public static final String NO_ROLES = "none";

    /** The suffix of a {@link #MFA_REQUIRED_ROLES} entry that requires a passkey. */
    public static final String PASSKEY_SUFFIX = ":passkey";

    /**
     * Whether a passkey alone (with user verification: a PIN or biometric on the authenticator) signs a user in,
     * offered on the sign-in page and in the browser's autofill. Needs {@link #PUBLIC_ORIGIN}.
     */
    public static final String PASSKEY_PASSWORDLESS = "gatehouse.passkey.passwordless";

    /** How long the password of a sign-in stays good for its second step (or for enrolment). */
    public static final String PENDING_SIGN_IN_LIFETIME = "gatehouse.mfa.pending-lifetime";

    public static final Duration DEFAULT_PENDING_SIGN_IN_LIFETIME = Duration.ofMinutes(5);

    /**
     * Sudo mode: how recent the last proof of password (and second factor, for users who have one) must be for a
     * dangerous action (creating users, changing roles, resetting passwords or factors, ...).
     */
    public static final String REAUTH_WINDOW = "gatehouse.reauth.window";

    public static final Duration DEFAULT_REAUTH_WINDOW = Duration.ofMinutes(10);

    /** Password of the {@code admin} account created on first start; generated and logged once when unset. */
    public static final String INITIAL_ADMIN_PASSWORD = "gatehouse.admin.password";

    private static final String HOST_PREFIX = "__Host-";

    private final Duration idleTimeout;
    private final Duration absoluteLifetime;
    private final Duration renewalInterval;
    private final int maxSessionsPerUser;
    private final Duration cleanupPeriod;
    private final int cleanupBatchSize;
    private final List<String> publicPaths;
    private final String cookieName;
    private final boolean cookieSecure;
    private final int passwordMinLength;
    private final int passwordMaxLength;
    private final int argon2MemoryKib;
    private final int argon2Iterations;
    private final int argon2Parallelism;
    private final Optional<String> initialAdminPassword;
    private final int lockoutThreshold;
    private final Duration lockoutBase;
    private final Duration lockoutMax;
    private final int loginRatePerMinute;
    private final Duration hashingWait;
    private final List<String> allowedOrigins;
    private final Optional<String> publicOrigin;
    private final Optional<String> metricsToken;
    private final List<Cidr> trustedProxies;
    private final Duration outageGrace;
    private final Optional<String> secretKey;
    private final Set<String> mfaRequiredRoles;
    private final Set<String> passkeyRequiredRoles;
    private final boolean passkeyPasswordless;
    private final Duration pendingSignInLifetime;
    private final Duration reauthWindow;

    private GatehouseSettings(SettingsReader in) {
        idleTimeout = in.duration(IDLE_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
        absoluteLifetime = in.duration(ABSOLUTE_LIFETIME, DEFAULT_ABSOLUTE_LIFETIME);
        renewalInterval = in.duration(RENEWAL_INTERVAL, idleTimeout.dividedBy(DEFAULT_RENEWAL_FRACTION));
        maxSessionsPerUser = in.integer(MAX_SESSIONS_PER_USER, DEFAULT_MAX_SESSIONS_PER_USER);
        cleanupPeriod = in.duration(CLEANUP_PERIOD, DEFAULT_CLEANUP_PERIOD);
        cleanupBatchSize = in.integer(CLEANUP_BATCH_SIZE, DEFAULT_CLEANUP_BATCH_SIZE);
        publicPaths = in.list(PUBLIC_PATHS);
        cookieName = in.string(COOKIE_NAME, DEFAULT_COOKIE_NAME);
        cookieSecure = in.bool(COOKIE_SECURE, DEFAULT_COOKIE_SECURE);
        passwordMinLength = in.integer(PASSWORD_MIN_LENGTH, DEFAULT_PASSWORD_MIN_LENGTH);
        passwordMaxLength = in.integer(PASSWORD_MAX_LENGTH, DEFAULT_PASSWORD_MAX_LENGTH);
        argon2MemoryKib = in.integer(ARGON2_MEMORY_KIB, DEFAULT_ARGON2_MEMORY_KIB);
        argon2Iterations = in.integer(ARGON2_ITERATIONS, DEFAULT_ARGON2_ITERATIONS);
        argon2Parallelism = in.integer(ARGON2_PARALLELISM, DEFAULT_ARGON2_PARALLELISM);
        lockoutThreshold = in.integer(LOCKOUT_THRESHOLD, DEFAULT_LOCKOUT_THRESHOLD);
        lockoutBase = in.duration(LOCKOUT_BASE, DEFAULT_LOCKOUT_BASE);
        lockoutMax = in.duration(LOCKOUT_MAX, DEFAULT_LOCKOUT_MAX);
        loginRatePerMinute = in.integer(LOGIN_RATE_PER_MINUTE, DEFAULT_LOGIN_RATE_PER_MINUTE);
        hashingWait = in.duration(HASHING_WAIT, DEFAULT_HASHING_WAIT);
        allowedOrigins = in.list(ALLOWED_ORIGINS);
        publicOrigin = in.optional(PUBLIC_ORIGIN);
        List<String> proxies = in.list(TRUSTED_PROXIES);
        trustedProxies =
                proxies.stream().map(Cidr::parse).flatMap(Optional::stream).toList();
        in.require(
                trustedProxies.size() == proxies.size(),
                TRUSTED_PROXIES,
                "must list IP networks like 10.0.0.0/8 or ::1 (no host names)");
        metricsToken = in.optional(METRICS_TOKEN);
        outageGrace = in.duration(OUTAGE_GRACE, DEFAULT_OUTAGE_GRACE);
        secretKey = in.optional(SECRET_KEY);
        String required = in.string(MFA_REQUIRED_ROLES, DEFAULT_MFA_REQUIRED_ROLES);
        mfaRequiredRoles = requiredRoles(required).stream()
                .map(role -> role.replace(PASSKEY_SUFFIX, ""))
                .collect(Collectors.toUnmodifiableSet());
        passkeyRequiredRoles = requiredRoles(required).stream()
                .filter(role -> role.endsWith(PASSKEY_SUFFIX))
                .map(role -> role.substring(0, role.length() - PASSKEY_SUFFIX.length()))
                .collect(Collectors.toUnmodifiableSet());
        passkeyPasswordless = in.bool(PASSKEY_PASSWORDLESS, false);
        pendingSignInLifetime = in.duration(PENDING_SIGN_IN_LIFETIME, DEFAULT_PENDING_SIGN_IN_LIFETIME);
        reauthWindow = in.duration(REAUTH_WINDOW, DEFAULT_REAUTH_WINDOW);
        initialAdminPassword = in.source.apply(INITIAL_ADMIN_PASSWORD).filter(value -> !value.isBlank());

        in.require(!idleTimeout.isNegative() && !idleTimeout.isZero(), IDLE_TIMEOUT, "must be positive");
        in.require(
                absoluteLifetime.compareTo(idleTimeout) >= 0,
                ABSOLUTE_LIFETIME,
                "must be at least " + IDLE_TIMEOUT + " (" + idleTimeout + ")");
        in.require(
                !renewalInterval.isNegative()
                        && !renewalInterval.isZero()
                        && renewalInterval.compareTo(idleTimeout) < 0,
                RENEWAL_INTERVAL,
                "must be positive and shorter than " + IDLE_TIMEOUT + " (" + idleTimeout + ")");
        in.require(maxSessionsPerUser >= 0, MAX_SESSIONS_PER_USER, "must be 0 (unlimited) or more");
        in.require(cleanupPeriod.compareTo(Duration.ofSeconds(1)) >= 0, CLEANUP_PERIOD, "must be at least PT1S");
        in.require(
                cleanupBatchSize >= 1 && cleanupBatchSize <= 100_000,
                CLEANUP_BATCH_SIZE,
                "must be between 1 and 100000");
        in.require(
                publicPaths.stream()
                        .allMatch(p -> p.startsWith("/")
                                && p.length() > 1
                                && dev.gatehouse.security.CanonicalPaths.isCanonical(p)),
                PUBLIC_PATHS,
                "must list canonical paths that start with '/' and are not '/' itself (end one with '/' for a prefix)");
        in.require(
                cookieName.matches("[A-Za-z0-9_.-]+"), COOKIE_NAME, "may only hold letters, digits, '_', '.' and '-'");
        in.require(
                cookieSecure || !cookieName.startsWith(HOST_PREFIX),
                COOKIE_SECURE,
                "must be true while " + COOKIE_NAME + " starts with " + HOST_PREFIX
                        + " (browsers drop such cookies otherwise)");
        in.require(passwordMinLength >= 8, PASSWORD_MIN_LENGTH, "must be at least 8 (NIST SP 800-63B)");
        in.require(
                passwordMaxLength >= Math.max(64, passwordMinLength),
                PASSWORD_MAX_LENGTH,
                "must allow at least 64 characters and at least " + PASSWORD_MIN_LENGTH);
        in.require(passwordMaxLength >= 64, PASSWORD_MAX_LENGTH, "must allow at least 64 characters");
        in.require(
                argon2MemoryKib >= DEFAULT_ARGON2_MEMORY_KIB,
                ARGON2_MEMORY_KIB,
                "must be at least " + DEFAULT_ARGON2_MEMORY_KIB + " (OWASP's minimum)");
        in.require(
                argon2Iterations >= DEFAULT_ARGON2_ITERATIONS,
                ARGON2_ITERATIONS,
                "must be at least " + DEFAULT_ARGON2_ITERATIONS);
        in.require(argon2Parallelism >= 1, ARGON2_PARALLELISM, "must be at least 1");
        in.require(lockoutThreshold >= 1 && lockoutThreshold <= 20, LOCKOUT_THRESHOLD, "must be between 1 and 20");
        in.require(
                !lockoutBase.isNegative() && !lockoutBase.isZero() && lockoutMax.compareTo(lockoutBase) >= 0,
                LOCKOUT_MAX,
                "must be at least " + LOCKOUT_BASE + " (" + lockoutBase + "), which must be positive");
        in.require(loginRatePerMinute >= 1, LOGIN_RATE_PER_MINUTE, "must be at least 1");
        in.require(!hashingWait.isNegative(), HASHING_WAIT, "must not be negative");
        in.require(
                allowedOrigins.stream().allMatch(o -> o.matches("https?://[^/\\s]+")),
                ALLOWED_ORIGINS,
                "must list origins like https://intranet.example.com (no path)");
        in.require(
                publicOrigin.stream().allMatch(o -> o.matches("https?://[^/\\s]+")),
                PUBLIC_ORIGIN,
                "must be an origin like https://intranet.example.com (no path)");
        in.require(
                metricsToken.stream()
                        .allMatch(t -> t.length() >= METRICS_TOKEN_MIN_LENGTH
                                && t.chars().allMatch(c -> c > 0x20 && c < 0x7F)),
                METRICS_TOKEN,
                "must be at least " + METRICS_TOKEN_MIN_LENGTH
                        + " printable ASCII characters (e.g. openssl rand -base64 32)");
        in.require(
                !outageGrace.isNegative() && outageGrace.compareTo(Duration.ofHours(1)) <= 0,
                OUTAGE_GRACE,
                "must be between PT0S and PT1H");
        in.require(
                outageGrace.compareTo(idleTimeout) <= 0,
                OUTAGE_GRACE,
                "must not be longer than " + IDLE_TIMEOUT + " (" + idleTimeout + "): an outage must not keep alive a"
                        + " session that would have ended idle");
        in.require(
                secretKey.stream().allMatch(GatehouseSettings::isSecretKey),
                SECRET_KEY,
                "must be 32 random bytes in base 64 (openssl rand -base64 32)");
        in.require(
                requiredRoles(required).stream().allMatch(role -> role.matches("[a-z][a-z0-9_-]*(:passkey)?")),
                MFA_REQUIRED_ROLES,
                "must list role names (e.g. admin, or admin" + PASSKEY_SUFFIX + " to require a passkey) or be "
                        + NO_ROLES);
        in.require(
                passkeyRequiredRoles.isEmpty() || publicOrigin.isPresent() && secretKey.isPresent(),
                MFA_REQUIRED_ROLES,
                "requires passkeys (" + PASSKEY_SUFFIX + "), which need " + PUBLIC_ORIGIN + " and " + SECRET_KEY);
        in.require(
                !passkeyPasswordless || publicOrigin.isPresent() && secretKey.isPresent(),
                PASSKEY_PASSWORDLESS,
                "needs " + PUBLIC_ORIGIN + " (the relying party passkeys belong to) and " + SECRET_KEY);
        in.require(
                pendingSignInLifetime.compareTo(Duration.ofSeconds(30)) >= 0
                        && pendingSignInLifetime.compareTo(Duration.ofMinutes(30)) <= 0,
                PENDING_SIGN_IN_LIFETIME,
                "must be between PT30S and PT30M");
        in.require(
                reauthWindow.compareTo(Duration.ofMinutes(1)) >= 0 && reauthWindow.compareTo(absoluteLifetime) <= 0,
                REAUTH_WINDOW,
                "must be at least PT1M and at most " + ABSOLUTE_LIFETIME + " (" + absoluteLifetime + ")");
        in.failIfAnyProblems();
    }

    private static Set<String> requiredRoles(String raw) {
        if (raw.strip().equalsIgnoreCase(NO_ROLES)) {
            return Set.of();
        }
        return Arrays.stream(raw.split(","))
                .map(role -> role.strip().toLowerCase(Locale.ROOT))
                .filter(role -> !role.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static boolean isSecretKey(String value) {
        try {
            return Base64.getDecoder().decode(value.replace('-', '+').replace('_', '/')).length == 32;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /**
     * Reads every setting from {@code source} (a property key to its value, if set).
     *
     * @throws IllegalArgumentException listing every invalid setting, so one restart fixes them all
     */
    public static GatehouseSettings load(Function<String, Optional<String>> source) {
        return new GatehouseSettings(new SettingsReader(source));
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

    public int maxSessionsPerUser() {
        return maxSessionsPerUser;
    }

    public Duration cleanupPeriod() {
        return cleanupPeriod;
    }

    public int cleanupBatchSize() {
        return cleanupBatchSize;
    }

    public List<String> publicPaths() {
        return publicPaths;
    }

    public String cookieName() {
        return cookieName;
    }

    public boolean cookieSecure() {
        return cookieSecure;
    }

    public int passwordMinLength() {
        return passwordMinLength;
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

    public int lockoutThreshold() {
        return lockoutThreshold;
    }

    public Duration lockoutBase() {
        return lockoutBase;
    }

    public Duration lockoutMax() {
        return lockoutMax;
    }

    public int loginRatePerMinute() {
        return loginRatePerMinute;
    }

    public Duration hashingWait() {
        return hashingWait;
    }

    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** The configured public origin, lower-cased; empty when requests' own origin counts. */
    public Optional<String> publicOrigin() {
        return publicOrigin.map(o -> o.toLowerCase(java.util.Locale.ROOT));
    }

    public List<Cidr> trustedProxies() {
        return trustedProxies;
    }

    public Optional<String> metricsToken() {
        return metricsToken;
    }

    public Duration outageGrace() {
        return outageGrace;
    }

    /** The key that seals second-factor secrets; empty when the operator set none. */
    public Optional<String> secretKey() {
        return secretKey;
    }

    /** Role names (as {@code isUserInRole} knows them) whose holders need a second factor. */
    public Set<String> mfaRequiredRoles() {
        return mfaRequiredRoles;
    }

    public Duration pendingSignInLifetime() {
        return pendingSignInLifetime;
    }

    /** Role names whose holders must prove a passkey: a subset of {@link #mfaRequiredRoles()}. */
    public Set<String> passkeyRequiredRoles() {
        return passkeyRequiredRoles;
    }

    public boolean passkeyPasswordless() {
        return passkeyPasswordless;
    }

    public Duration reauthWindow() {
        return reauthWindow;
    }

    public Optional<String> initialAdminPassword() {
        return initialAdminPassword;
    }
}
