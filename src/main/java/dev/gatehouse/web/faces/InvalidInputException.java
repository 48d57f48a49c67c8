package dev.gatehouse.web.faces;

/**
 * A request parameter that no page of ours produces and no person types by accident: a page number that is not
 * one, a filter with control characters, a date outside any plausible range. Expected from hand-edited URLs
 * and probes, so it is one log line and a 400 page ({@code web.xml}), never a 500.
 */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String parameter, String rule) {
        super("Request parameter '" + parameter + "' " + rule, null, false, false);
    }
}
