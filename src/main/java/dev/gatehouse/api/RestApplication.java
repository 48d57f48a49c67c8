package dev.gatehouse.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JSON endpoints under {@code /api}; all but {@code /api/ping} need a session (see the authentication filter). */
@ApplicationPath("api")
public class RestApplication extends Application {}
