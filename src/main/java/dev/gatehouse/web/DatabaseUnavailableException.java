package dev.gatehouse.web;

/**
 * The database could not be reached while handling a request. Expected during outages: the error pages answer
 * it with 503 "temporarily unavailable" instead of a 500, and the transaction has rolled back.
 */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(Throwable cause) {
        super("The session database is unavailable", cause);
    }

    /**
     * Whether the failure is the pool having no free connection (all in use past the pool's wait) rather than
     * the database being unreachable. The database may well be answering other nodes then, and changes can
     * commit, so the outage grace must not apply.
     */
    public static boolean isPoolExhaustion(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("In-use connections equal max-pool-size")) {
                return true;
            }
        }
        return false;
    }

    /** Whether anything in {@code failure}'s cause chain says the database connection failed. */
    public static boolean isCauseOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
            String name = t.getClass().getName();
            if (name.equals("org.hibernate.exception.JDBCConnectionException")
                    || name.endsWith("PoolingException")
                    || name.equals("jakarta.resource.ResourceException")
                    || String.valueOf(t.getMessage()).contains("Error in allocating a connection")) {
                return true;
            }
        }
        return false;
    }
}
