package dev.gatehouse.testing;

import dev.gatehouse.config.GatehouseSettings;
import dev.gatehouse.user.PasswordHasher;
import dev.gatehouse.user.Role;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Direct JDBC access to the PostgreSQL the deployment uses, for building test data and checking what was
 * written. Connection settings come from DB_URL, DB_USER and DB_PASSWORD, as for the server.
 */
public final class TestDatabase implements AutoCloseable {

    private static final PasswordHasher HASHER = new PasswordHasher(GatehouseSettings.defaults());
    /**
     * One Argon2id hash per distinct password, reused for every user created with it: hashing costs the test JVM
     * tens of milliseconds, and nearly every test user has the same password. The server still verifies a real
     * hash with the real parameters; only its salt is shared between test users.
     */
    private static final Map<String, String> HASHES = new ConcurrentHashMap<>();

    private final Connection connection;
    private final List<String> createdUsers = new ArrayList<>();

    private TestDatabase(Connection connection) {
        this.connection = connection;
    }

    /** Connects with the environment's settings, or fails saying how to provide them. */
    public static TestDatabase connect() {
        String url = System.getenv("DB_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("DB_URL is not set. Run the tests with scripts/test.sh (it provisions "
                    + "PostgreSQL and exports DB_URL, DB_USER and DB_PASSWORD) or export those three yourself.");
        }
        try {
            return new TestDatabase(
                    DriverManager.getConnection(url, System.getenv("DB_USER"), System.getenv("DB_PASSWORD")));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to " + url + ": " + e.getMessage(), e);
        }
    }

    /** A username no other test (or earlier run) uses. */
    public static String uniqueUsername(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Inserts an enabled user with the given password; it is deleted again by {@link #close()}. */
    public long createUser(String username, String password, Role... roles) {
        return createUser(username, password, true, roles);
    }

    public long createUser(String username, String password, boolean enabled, Role... roles) {
        Instant now = Instant.now();
        long id = queryLong(
                """
                insert into app_user (username, display_name, password_hash, enabled, created_at, password_changed_at)
                values (?, ?, ?, ?, ?, ?) returning id""",
                username,
                "Test " + username,
                HASHES.computeIfAbsent(password, HASHER::hash),
                enabled,
                Timestamp.from(now),
                Timestamp.from(now));
        for (Role role : roles) {
            update("insert into user_role (user_id, role) values (?, ?)", id, role.name());
        }
        createdUsers.add(username);
        return id;
    }

    /** Sets a user's stored password hash directly, e.g. to one made with weaker parameters. */
    public void setPasswordHash(String username, String hash) {
        update("update app_user set password_hash = ? where username = ?", hash, username);
    }

    public String passwordHashOf(String username) {
        try (PreparedStatement statement = prepare("select password_hash from app_user where username = ?", username);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long countSessionsOf(String username) {
        return queryLong(
                "select count(*) from auth_session s join app_user u on u.id = s.user_id where u.username = ?",
                username);
    }

    /** The stored token hashes of a user's sessions. */
    public List<byte[]> tokenHashesOf(String username) {
        List<byte[]> hashes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select s.token_hash from auth_session s join app_user u on u.id = s.user_id where u.username = ?")) {
            statement.setString(1, username);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    hashes.add(rows.getBytes(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return hashes;
    }

    /** The surrogate ids of a user's sessions. */
    public List<UUID> sessionIdsOf(String username) {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select s.id from auth_session s join app_user u on u.id = s.user_id where u.username = ?")) {
            statement.setString(1, username);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    public UUID queryUuid(String sql, Object... parameters) {
        return queryOne(sql, UUID.class, parameters);
    }

    public Instant queryInstant(String sql, Object... parameters) {
        return queryOne(sql, java.time.OffsetDateTime.class, parameters).toInstant();
    }

    public String queryString(String sql, Object... parameters) {
        return queryOne(sql, String.class, parameters);
    }

    /** The first column of the first row, which must exist. */
    private <T> T queryOne(String sql, Class<T> type, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new IllegalStateException("No row from " + sql);
            }
            return rows.getObject(1, type);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** How many audit events of {@code type} concern {@code subject} (and, if given, were done by {@code actor}). */
    public long auditEvents(String type, String subject, String actor) {
        return actor == null
                ? queryLong("select count(*) from audit_event where type = ? and subject_name = ?", type, subject)
                : queryLong(
                        "select count(*) from audit_event where type = ? and subject_name = ? and actor_name = ?",
                        type,
                        subject,
                        actor);
    }

    /** How many audit events of {@code type} concern {@code subject} with a detail {@code LIKE detailPattern}. */
    public long auditEventsWithDetail(String type, String subject, String detailPattern) {
        return queryLong(
                "select count(*) from audit_event where type = ? and subject_name = ? and detail like ?",
                type,
                subject,
                detailPattern);
    }

    /** Runs DDL or other statements without parameters. */
    public void execute(String sql) {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public int update(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public long queryLong(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new IllegalStateException("No row from " + sql);
            }
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Everything a state-changing request could alter, as one comparable string: users (name, display name,
     * password hash, enabled, lock state), roles, which sessions exist, and how many audit events there are.
     * Renewal timestamps are left out, so reading pages does not change it.
     */
    public String snapshot() {
        String sql = """
                select concat_ws(' | ',
                  (select string_agg(concat_ws(',', id, username, display_name, password_hash, enabled, failed_logins,
                          locked_until), ';' order by id) from app_user),
                  (select string_agg(concat_ws(',', user_id, role), ';' order by user_id, role) from user_role),
                  (select string_agg(id::text, ';' order by id) from auth_session),
                  (select count(*) from audit_event),
                  (select string_agg(concat_ws(',', user_id, sealed_secret, confirmed_at, last_used_step), ';'
                          order by user_id) from totp_factor),
                  (select string_agg(concat_ws(',', id, used_at), ';' order by id) from recovery_code),
                  (select string_agg(id::text, ';' order by id) from pending_sign_in),
                  (select string_agg(concat_ws(',', id, user_id, sign_count, name, last_used_at), ';' order by id)
                          from passkey))""";
        try (PreparedStatement statement = prepare(sql);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    /** Deletes the users this instance created (their sessions go with them) and disconnects. */
    @Override
    public void close() {
        try (connection) {
            for (String username : createdUsers) {
                update("delete from app_user where username = ?", username);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
