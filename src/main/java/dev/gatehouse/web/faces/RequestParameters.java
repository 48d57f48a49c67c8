package dev.gatehouse.web.faces;

import jakarta.faces.context.FacesContext;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads parameters of the current request, from the query string of a GET or the body of a POST alike. Pages
 * whose forms must know what they act on carry it as a hidden field, so a backing bean can load its subject
 * before Faces decides which components (and so which buttons) exist on a postback.
 */
public final class RequestParameters {

    private RequestParameters() {}

    public static Optional<String> text(String name) {
        String value = FacesContext.getCurrentInstance()
                .getExternalContext()
                .getRequestParameterMap()
                .get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    public static Optional<Long> number(String name) {
        try {
            return text(name).map(Long::valueOf);
        } catch (NumberFormatException ignore) {
            // not a number: the parameter names nothing
            return Optional.empty();
        }
    }

    public static Optional<UUID> uuid(String name) {
        try {
            return text(name).map(UUID::fromString);
        } catch (IllegalArgumentException ignore) {
            // not a UUID: the parameter names nothing
            return Optional.empty();
        }
    }
}
