package dev.gatehouse.web;

/**
 * The database could not be reached while handling a request. Expected during outages: the error pages answer
 * it with 503 "temporarily unavailable" instead of a 500, and the transaction has rolled back.
 */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(Throwable cause) {
        super("The session database is unavailable", cause);
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
