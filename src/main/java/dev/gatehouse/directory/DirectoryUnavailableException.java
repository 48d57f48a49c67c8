package dev.gatehouse.directory;

/**
 * No directory server answered in time (or none could be trusted). Checked, because every caller has a planned
 * answer: a sign-in gets a 503 page, a recheck ends nothing and tries again later.
 */
public class DirectoryUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public DirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
