package dev.gatehouse.user;

/**
 * Every password-hashing slot stayed busy for the configured wait. Unchecked, but expected under a flood of
 * sign-ins: the web layer answers 503 "busy, try again" rather than letting hashing starve page requests.
 */
public class HashingBusyException extends RuntimeException {

    public HashingBusyException(String message) {
        super(message);
    }
}
