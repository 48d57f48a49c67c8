package dev.gatehouse.config;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.RDN;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How Gatehouse reaches the company directory (LDAP or Active Directory), read once at startup. Without
 * {@value #URLS} the directory is off and nothing else here is read; with it, every problem is reported at once,
 * naming the setting, like {@link GatehouseSettings}.
 */
public final class DirectorySettings {

    /** Comma-separated {@code ldap://host:port} or {@code ldaps://host:port}, tried in this order. */
    public static final String URLS = "gatehouse.ldap.urls";

    /** The service account that looks users up; it needs read access to the users and the groups. */
    public static final String BIND_DN = "gatehouse.ldap.bind-dn";

    public static final String BIND_PASSWORD = "gatehouse.ldap.bind-password";

    /** Where users are searched (whole subtree). */
    public static final String USER_BASE = "gatehouse.ldap.user-base";

    /** Finds one user; {@value #USERNAME_PLACEHOLDER} stands for the escaped username. */
    public static final String USER_FILTER = "gatehouse.ldap.user-filter";

    public static final String DEFAULT_USER_FILTER = "(&(objectClass=person)(uid={0}))";
    /**
     * Not a default but the usual value for Active Directory, for the documentation. {@code objectCategory=person}
     * keeps out computer accounts, which are {@code objectClass=user} too and which any domain user may create.
     */
    public static final String ACTIVE_DIRECTORY_USER_FILTER =
            "(&(objectCategory=person)(objectClass=user)(sAMAccountName={0}))";

    public static final String USERNAME_PLACEHOLDER = "{0}";

    /** Where group memberships are searched; default: the longest DN suffix the user base and all mapped groups share. */
    public static final String GROUP_BASE = "gatehouse.ldap.group-base";

    /**
     * Which directory groups grant which Gatehouse role: {@code groupDN=role;groupDN=role}, each item split at its
     * last {@code =}. Groups are compared as DNs, never by their {@code cn}.
     */
    public static final String GROUP_ROLES = "gatehouse.ldap.group-roles";

    /** The role names {@value #GROUP_ROLES} may use: the lower-case names of {@code dev.gatehouse.user.Role}. */
    public static final List<String> ROLE_NAMES = List.of("user", "admin");

    /** The attribute shown as the user's name; {@code cn}, then the username, when an entry lacks it. */
    public static final String DISPLAY_NAME_ATTRIBUTE = "gatehouse.ldap.display-name-attribute";

    public static final String DEFAULT_DISPLAY_NAME_ATTRIBUTE = "displayName";

    /**
     * Connect timeout, response timeout and the longest wait for a pooled connection, each; one sign-in or lookup
     * takes at most {@value #TIMEOUTS_PER_CALL} of them in all.
     */
    public static final String TIMEOUT = "gatehouse.ldap.timeout";

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
    /** How many timeouts one sign-in or lookup may take in all: its search, bind and group searches share them. */
    public static final int TIMEOUTS_PER_CALL = 2;
    /**
     * The shortest time after a call found the directory unavailable during which only one call at a time asks it
     * again; the window is at least one call's deadline.
     */
    public static final Duration MIN_OUTAGE_WINDOW = Duration.ofSeconds(10);

    /** Upgrades {@code ldap://} connections with StartTLS before anything else is sent. */
    public static final String START_TLS = "gatehouse.ldap.start-tls";

    public static final boolean DEFAULT_START_TLS = false;

    /**
     * The certificates to trust: a PEM file (one or more {@code BEGIN CERTIFICATE} blocks) or a PKCS#12 file.
     * Unset: the JVM's default trust store.
     */
    public static final String TRUST_STORE = "gatehouse.ldap.trust-store";

    /** Only for a PKCS#12 trust store that has one. */
    public static final String TRUST_STORE_PASSWORD = "gatehouse.ldap.trust-store-password";

    /** Only for test directories: allows {@code ldap://} without StartTLS, which sends passwords in clear text. */
    public static final String ALLOW_PLAINTEXT = "gatehouse.ldap.allow-plaintext";

    public static final boolean DEFAULT_ALLOW_PLAINTEXT = false;

    /** How often signed-in directory users are looked up again (disabled, deleted, removed from groups). */
    public static final String RECHECK_INTERVAL = "gatehouse.ldap.recheck-interval";

    public static final Duration DEFAULT_RECHECK_INTERVAL = Duration.ofMinutes(5);
    public static final Duration MIN_RECHECK_INTERVAL = Duration.ofSeconds(10);

    /** The most connections to the directory this node holds open at once. */
    public static final String POOL_SIZE = "gatehouse.ldap.pool-size";

    public static final int DEFAULT_POOL_SIZE = 10;
    public static final int MAX_POOL_SIZE = 100;

    private static final String LDAP_SCHEME = "ldap";
    private static final String LDAPS_SCHEME = "ldaps";

    /** One item of {@value #GROUP_ROLES}: members of {@code group} (directly or nested) get the role {@code role}. */
    public record GroupRole(DN group, String role) {}

    private final List<LDAPURL> urls;
    private final DN bindDn;
    private final String bindPassword;
    private final DN userBase;
    private final String userFilter;
    private final DN groupBase;
    private final List<GroupRole> groupRoles;
    private final String displayNameAttribute;
    private final Duration timeout;
    private final boolean startTls;
    private final Optional<Path> trustStore;
    private final Optional<String> trustStorePassword;
    private final boolean allowPlaintext;
    private final Duration recheckInterval;
    private final int poolSize;

    private DirectorySettings(SettingsReader in) {
        List<String> rawUrls = in.list(URLS);
        if (rawUrls.isEmpty()) {
            urls = List.of();
            bindDn = DN.NULL_DN;
            bindPassword = "";
            userBase = DN.NULL_DN;
            userFilter = DEFAULT_USER_FILTER;
            groupBase = DN.NULL_DN;
            groupRoles = List.of();
            displayNameAttribute = DEFAULT_DISPLAY_NAME_ATTRIBUTE;
            timeout = DEFAULT_TIMEOUT;
            startTls = DEFAULT_START_TLS;
            trustStore = Optional.empty();
            trustStorePassword = Optional.empty();
            allowPlaintext = DEFAULT_ALLOW_PLAINTEXT;
            recheckInterval = DEFAULT_RECHECK_INTERVAL;
            poolSize = DEFAULT_POOL_SIZE;
            return;
        }
        urls = rawUrls.stream()
                .map(raw -> url(in, raw))
                .flatMap(Optional::stream)
                .toList();
        bindDn = dn(in, BIND_DN, in.optional(BIND_DN)).orElse(DN.NULL_DN);
        in.require(!bindDn.isNullDN(), BIND_DN, "must name the service account's entry when " + URLS + " is set");
        // Passwords are taken as typed: leading or trailing spaces may be part of them.
        bindPassword = in.source.apply(BIND_PASSWORD).orElse("");
        in.require(!bindPassword.isEmpty(), BIND_PASSWORD, "must be set when " + URLS + " is set");
        userBase = dn(in, USER_BASE, in.optional(USER_BASE)).orElse(DN.NULL_DN);
        in.require(!userBase.isNullDN(), USER_BASE, "must be set when " + URLS + " is set, e.g. ou=people,dc=example");
        userFilter = in.string(USER_FILTER, DEFAULT_USER_FILTER);
        in.require(
                userFilter.contains(USERNAME_PLACEHOLDER) && isFilter(userFilter),
                USER_FILTER,
                "must be an LDAP filter that contains " + USERNAME_PLACEHOLDER + " for the username, e.g. "
                        + ACTIVE_DIRECTORY_USER_FILTER);
        groupRoles = groupRoles(in);
        in.require(
                !groupRoles.isEmpty(),
                GROUP_ROLES,
                "must map at least one group to a role when " + URLS + " is set, e.g."
                        + " cn=staff,ou=groups,dc=example=user");
        groupBase = dn(in, GROUP_BASE, in.optional(GROUP_BASE)).orElseGet(this::commonSuffix);
        in.require(
                !groupBase.isNullDN(),
                GROUP_BASE,
                "must be set: " + USER_BASE + " and the groups in " + GROUP_ROLES + " share no DN suffix");
        displayNameAttribute = in.string(DISPLAY_NAME_ATTRIBUTE, DEFAULT_DISPLAY_NAME_ATTRIBUTE);
        in.require(
                displayNameAttribute.matches("[A-Za-z][A-Za-z0-9-]*"),
                DISPLAY_NAME_ATTRIBUTE,
                "must be an attribute name such as displayName or cn");
        timeout = in.duration(TIMEOUT, DEFAULT_TIMEOUT);
        in.require(
                timeout.compareTo(MIN_TIMEOUT) >= 0 && timeout.compareTo(MAX_TIMEOUT) <= 0,
                TIMEOUT,
                "must be between " + MIN_TIMEOUT + " and " + MAX_TIMEOUT);
        startTls = in.bool(START_TLS, DEFAULT_START_TLS);
        allowPlaintext = in.bool(ALLOW_PLAINTEXT, DEFAULT_ALLOW_PLAINTEXT);
        for (LDAPURL url : urls) {
            in.require(
                    !url.getScheme().equals(LDAP_SCHEME) || startTls || allowPlaintext,
                    URLS,
                    "holds " + url + ", which would send passwords in clear text: set " + START_TLS + "=true, use "
                            + LDAPS_SCHEME + "://, or " + ALLOW_PLAINTEXT + "=true for a test directory");
        }
        trustStore = in.optional(TRUST_STORE).flatMap(raw -> path(in, raw));
        trustStorePassword = in.source.apply(TRUST_STORE_PASSWORD).filter(value -> !value.isEmpty());
        recheckInterval = in.duration(RECHECK_INTERVAL, DEFAULT_RECHECK_INTERVAL);
        in.require(
                recheckInterval.compareTo(MIN_RECHECK_INTERVAL) >= 0,
                RECHECK_INTERVAL,
                "must be at least " + MIN_RECHECK_INTERVAL);
        poolSize = in.integer(POOL_SIZE, DEFAULT_POOL_SIZE);
        in.require(poolSize >= 1 && poolSize <= MAX_POOL_SIZE, POOL_SIZE, "must be between 1 and " + MAX_POOL_SIZE);
    }

    /**
     * Reads every directory setting from {@code source} (a property key to its value, if set).
     *
     * @throws IllegalArgumentException listing every invalid setting, so one restart fixes them all
     */
    public static DirectorySettings load(Function<String, Optional<String>> source) {
        SettingsReader in = new SettingsReader(source);
        DirectorySettings settings = new DirectorySettings(in);
        in.failIfAnyProblems();
        return settings;
    }

    /** No directory; for tests and tools. */
    public static DirectorySettings disabled() {
        return load(key -> Optional.empty());
    }

    /** Whether a directory is configured ({@value #URLS} is set). */
    public boolean enabled() {
        return !urls.isEmpty();
    }

    /** The servers in the order they are tried; empty when the directory is off. */
    public List<LDAPURL> urls() {
        return urls;
    }

    public DN bindDn() {
        return bindDn;
    }

    /** The service account's password; never log it. */
    public String bindPassword() {
        return bindPassword;
    }

    public DN userBase() {
        return userBase;
    }

    /** The user filter with {@value #USERNAME_PLACEHOLDER} still in it. */
    public String userFilter() {
        return userFilter;
    }

    public DN groupBase() {
        return groupBase;
    }

    public List<GroupRole> groupRoles() {
        return groupRoles;
    }

    public String displayNameAttribute() {
        return displayNameAttribute;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The most one sign-in or lookup may take in all, however many searches and binds it needs. */
    public Duration callDeadline() {
        return timeout.multipliedBy(TIMEOUTS_PER_CALL);
    }

    /** How long after a failed call only one call at a time may try the directory. */
    public Duration outageWindow() {
        Duration deadline = callDeadline();
        return deadline.compareTo(MIN_OUTAGE_WINDOW) > 0 ? deadline : MIN_OUTAGE_WINDOW;
    }

    public boolean startTls() {
        return startTls;
    }

    public Optional<Path> trustStore() {
        return trustStore;
    }

    public Optional<String> trustStorePassword() {
        return trustStorePassword;
    }

    public boolean allowPlaintext() {
        return allowPlaintext;
    }

    public Duration recheckInterval() {
        return recheckInterval;
    }

    public int poolSize() {
        return poolSize;
    }

    @Override
    public String toString() {
        // Without the passwords, so the settings can be logged.
        return "DirectorySettings[urls=" + urls + ", bindDn=" + bindDn + ", userBase=" + userBase + ", groupBase="
                + groupBase + ", groupRoles=" + groupRoles + ", startTls=" + startTls + ", trustStore="
                + trustStore.map(Path::toString).orElse("JVM default") + ", timeout=" + timeout + "]";
    }

    private static Optional<LDAPURL> url(SettingsReader in, String raw) {
        try {
            LDAPURL url = new LDAPURL(raw);
            boolean plain = url.hostProvided()
                    && !url.baseDNProvided()
                    && !url.attributesProvided()
                    && !url.scopeProvided()
                    && !url.filterProvided();
            if (plain && (url.getScheme().equals(LDAP_SCHEME) || url.getScheme().equals(LDAPS_SCHEME))) {
                return Optional.of(url);
            }
        } catch (LDAPException e) {
            // Reported below like any other URL that is not of the expected form.
        }
        in.problem(URLS, "must list URLs like ldaps://dc1.example.com:636 (no path), not '" + raw + "'");
        return Optional.empty();
    }

    private static Optional<DN> dn(SettingsReader in, String key, Optional<String> raw) {
        try {
            return raw.isEmpty() ? Optional.empty() : Optional.of(new DN(raw.get()));
        } catch (LDAPException e) {
            in.problem(key, "must be a DN such as ou=people,dc=example, not '" + raw.get() + "'");
            return Optional.empty();
        }
    }

    private static boolean isFilter(String template) {
        try {
            Filter.create(template.replace(USERNAME_PLACEHOLDER, "x"));
            return true;
        } catch (LDAPException e) {
            return false;
        }
    }

    private static List<GroupRole> groupRoles(SettingsReader in) {
        List<GroupRole> mapped = new ArrayList<>();
        for (String item : in.optional(GROUP_ROLES).orElse("").split(";")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            // Split at the last '=': the DN before it has '=' of its own, a role name never does.
            int split = trimmed.lastIndexOf('=');
            String role = trimmed.substring(split + 1).trim().toLowerCase(Locale.ROOT);
            Optional<DN> group =
                    split > 0 ? dn(in, GROUP_ROLES, Optional.of(trimmed.substring(0, split))) : Optional.empty();
            in.require(split > 0, GROUP_ROLES, "must list groupDN=role items separated by ';' (not '" + trimmed + "')");
            in.require(
                    split <= 0 || ROLE_NAMES.contains(role),
                    GROUP_ROLES,
                    "names the role '" + role + "' in '" + trimmed + "'; roles are " + String.join(", ", ROLE_NAMES));
            group.filter(dn -> ROLE_NAMES.contains(role)).ifPresent(dn -> mapped.add(new GroupRole(dn, role)));
        }
        return List.copyOf(mapped);
    }

    private DN commonSuffix() {
        List<DN> all = Stream.concat(Stream.of(userBase), groupRoles.stream().map(GroupRole::group))
                .filter(dn -> !dn.isNullDN())
                .toList();
        if (all.isEmpty()) {
            return DN.NULL_DN;
        }
        RDN[] first = all.get(0).getRDNs();
        int shared = first.length;
        for (DN dn : all) {
            RDN[] rdns = dn.getRDNs();
            int same = 0;
            while (same < shared
                    && same < rdns.length
                    && rdns[rdns.length - 1 - same].equals(first[first.length - 1 - same])) {
                same++;
            }
            shared = same;
        }
        return new DN(Arrays.copyOfRange(first, first.length - shared, first.length));
    }

    private static Optional<Path> path(SettingsReader in, String raw) {
        try {
            Path path = Path.of(raw);
            if (Files.isRegularFile(path) && Files.isReadable(path)) {
                return Optional.of(path);
            }
        } catch (InvalidPathException e) {
            // Reported below like a missing file.
        }
        in.problem(TRUST_STORE, "must be a readable PEM or PKCS#12 file, not '" + raw + "'");
        return Optional.empty();
    }
}
