package dev.gatehouse.example;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

/**
 * An intranet application's own service, protected by role the standard way: the EJB container refuses every
 * caller without the admin role that Gatehouse gave the request. (A CDI bean works the same with Gatehouse.)
 */
@Stateless
@RolesAllowed("admin")
public class QuarterlyReport {

    @Resource
    SessionContext context;

    /** Only admins get here. */
    public String summary() {
        return "Quarterly figures, prepared for " + context.getCallerPrincipal().getName();
    }
}
